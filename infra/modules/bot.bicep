// The Azure Bot registration and its Microsoft Teams channel. With UserAssignedMSI the bot's identity is the
// managed identity (no secret anywhere); with SingleTenant it is an Entra app registration of this tenant.
param tags object
param name string
param displayName string
param sku string
param endpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string
param appId string
param identityId string
param workspaceId string

@description('The Entra tenant of the bot identity.')
param tenantId string = tenant().tenantId

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? identityId : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
      acceptedTerms: true
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: bot
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'BotRequest', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output name string = bot.name
