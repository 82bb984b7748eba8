// The bot's host: a Linux App Service plan and web app (.NET 10), running as the user-assigned managed
// identity, HTTPS only with TLS 1.2 or newer, FTP off, health probe on /healthz, logs to Log Analytics.
param location string
param tags object
param planName string
param siteName string
param sku string
param instanceCount int
param identityId string
param workspaceId string

@description('Application settings (name → value); Key Vault references are resolved with the managed identity.')
param appSettings object

// The port the host listens on inside App Service (ASPNETCORE_URLS, WEBSITES_PORT).
var port = '8080'

var platformSettings = {
  ASPNETCORE_ENVIRONMENT: 'Production'
  ASPNETCORE_URLS: 'http://+:${port}'
  WEBSITES_PORT: port
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: siteName
  location: location
  // azd deploys the `bot` service of azure.yaml to the site carrying this tag.
  tags: union(tags, { 'azd-service-name': 'bot' })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet AimsBot.dll'
      alwaysOn: sku != 'F1' && sku != 'D1'
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [for setting in items(union(platformSettings, appSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceAppLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
