// Everything of one AimsBot environment, in its resource group. Called by main.bicep.
param location string
param tags object

@description('Suffix that makes global names unique and stable for this environment.')
param token string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string
param botAppId string

@secure()
param botAppPassword string
param scaleOut bool

@secure()
param postgresAdminPassword string

@secure()
param auditContinuationKey string

@secure()
param ledgerSigningKey string
param ledgerSigningKeyId string
param ledgerPreviousKeyIds string
param ledgerCheckpointRetentionDays int
param appServiceSku string
param instanceCount int
param botSku string
param botDisplayName string
param complianceLeads string
param auditors string
param riskApprovers string
param admins string
param principalId string

var usesManagedIdentity = botAppType == 'UserAssignedMSI'
var identityName = 'id-aimsbot-${token}'
var keyVaultName = 'kv-aimsbot-${token}'

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: 'log-aimsbot-${token}'
    applicationInsightsName: 'appi-aimsbot-${token}'
  }
}

module identity 'identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: tags
    name: identityName
  }
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'staimsbot${token}'
    identityPrincipalId: identity.outputs.principalId
    identityName: identityName
    workspaceId: monitoring.outputs.workspaceId
    checkpointContainerName: 'ledger-checkpoints'
    checkpointRetentionDays: ledgerCheckpointRetentionDays
  }
}

module keyVault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: keyVaultName
    identityPrincipalId: identity.outputs.principalId
    identityName: identityName
    workspaceId: monitoring.outputs.workspaceId
    principalId: principalId
  }
}

module botPassword 'keyvault-secret.bicep' = if (!usesManagedIdentity) {
  name: 'secret-bot-app-password'
  params: {
    vaultName: keyVaultName
    secretName: 'bot-app-password'
    secretValue: botAppPassword
  }
  // The vault is named before it exists: wait for it.
  dependsOn: [
    keyVault
  ]
}

module postgres 'postgres.bicep' = if (scaleOut) {
  name: 'postgres'
  params: {
    location: location
    tags: tags
    name: 'psql-aimsbot-${token}'
    workspaceId: monitoring.outputs.workspaceId
    administratorPassword: postgresAdminPassword
  }
}

// Kept so that the next `azd provision` reuses it (main.parameters.json: secretOrRandomPassword).
module postgresPassword 'keyvault-secret.bicep' = if (scaleOut) {
  name: 'secret-postgres-admin-password'
  params: {
    vaultName: keyVaultName
    secretName: 'postgres-admin-password'
    secretValue: postgresAdminPassword
  }
  // The vault is named before it exists: wait for it.
  dependsOn: [
    keyVault
  ]
}

module hangfireConnection 'keyvault-secret.bicep' = if (scaleOut) {
  name: 'secret-hangfire-connection'
  params: {
    vaultName: keyVaultName
    secretName: 'hangfire-connection-string'
    secretValue: 'Host=${postgres.?outputs.fullyQualifiedDomainName ?? ''};Port=5432;Database=${postgres.?outputs.databaseName ?? ''};Username=${postgres.?outputs.administratorLogin ?? ''};Password=${postgresAdminPassword};SSL Mode=Require'
  }
  // The vault is named before it exists: wait for it.
  dependsOn: [
    keyVault
  ]
}

module continuationKey 'keyvault-secret.bicep' = {
  name: 'secret-audit-continuation-key'
  params: {
    vaultName: keyVaultName
    secretName: 'audit-continuation-key'
    secretValue: auditContinuationKey
  }
  dependsOn: [
    keyVault
  ]
}

// Written on the first deployment only: events signed with it must keep verifying (rotation: docs/deploy.md).
module ledgerKey 'keyvault-secret-once.bicep' = {
  name: 'secret-ledger-signing-key'
  params: {
    vaultName: keyVaultName
    secretName: 'ledger-signing-key'
    secretValue: ledgerSigningKey
  }
  dependsOn: [
    keyVault
  ]
}

var botId = usesManagedIdentity ? identity.outputs.clientId : botAppId

// The host's configuration contract (docs/configuration.md), `__` for `:`.
var botSettings = {
  Bot__AppId: botId
  Bot__AppType: botAppType
  Bot__TenantId: tenant().tenantId
  Storage__TableServiceUri: storage.outputs.tableEndpoint
  // Azure.Identity's ManagedIdentityCredential / DefaultAzureCredential pick the user-assigned identity from this.
  AZURE_CLIENT_ID: identity.outputs.clientId
  Hangfire__Storage: scaleOut ? 'PostgreSql' : 'InMemory'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  Roles__ComplianceLeads: complianceLeads
  Roles__Auditors: auditors
  Roles__RiskApprovers: riskApprovers
  Roles__Admins: admins
  // Every instance signs and checks auditor "More" continuations with the same key.
  Audit__ContinuationKey: continuationKey.outputs.appSettingReference
  // Every ledger event and checkpoint is signed with this key; checkpoints go to the immutable container.
  Ledger__SigningKey: ledgerKey.outputs.appSettingReference
  Ledger__SigningKeyId: ledgerSigningKeyId
  Ledger__CheckpointContainer: storage.outputs.checkpointContainerName
  Storage__BlobServiceUri: storage.outputs.blobEndpoint
}
// Keys retired by a rotation still verify what they signed: each kept as the secret ledger-signing-key-<id>.
var previousLedgerKeys = toObject(
  filter(map(split(ledgerPreviousKeyIds, ','), id => trim(id)), id => !empty(id)),
  id => 'Ledger__PreviousKeys__${id}',
  id => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=ledger-signing-key-${id})'
)
var identitySettings = usesManagedIdentity
  ? { Bot__Connector__ManagedIdentityClientId: identity.outputs.clientId }
  : { Bot__AppPassword: botPassword.?outputs.appSettingReference ?? '' }
var hangfireSettings = scaleOut ? { ConnectionStrings__Hangfire: hangfireConnection.?outputs.appSettingReference ?? '' } : {}

module web 'appservice.bicep' = {
  name: 'appservice'
  params: {
    location: location
    tags: tags
    planName: 'plan-aimsbot-${token}'
    siteName: 'app-aimsbot-${token}'
    sku: appServiceSku
    instanceCount: scaleOut ? instanceCount : 1
    identityId: identity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
    appSettings: union(botSettings, identitySettings, hangfireSettings, previousLedgerKeys)
  }
}

module bot 'bot.bicep' = {
  name: 'bot'
  params: {
    tags: tags
    name: 'bot-aimsbot-${token}'
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${web.outputs.defaultHostName}/api/messages'
    appType: botAppType
    appId: botId
    identityId: identity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
  }
}

output botAppId string = botId
output botName string = bot.outputs.name
output webHostName string = web.outputs.defaultHostName
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output tableEndpoint string = storage.outputs.tableEndpoint
output blobEndpoint string = storage.outputs.blobEndpoint
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
