// AimsBot on Azure, for `azd up`: one resource group holding the bot's App Service (Linux, .NET 10) with a
// user-assigned managed identity, the Azure Bot with its Teams channel, Table Storage reached by that
// identity, Key Vault for secrets, Log Analytics + Application Insights, and — when scaleOut is chosen —
// a PostgreSQL flexible server for Hangfire. See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of the resources (the Azure Bot itself is global).')
param location string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
@description('How the bot authenticates to the Bot Framework: the managed identity (no secret), or a single-tenant Entra app registration with a client secret.')
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the client id of the bot\'s Entra app registration.')
param botAppId string = ''

@secure()
@description('SingleTenant only: the client secret of that app registration; stored in Key Vault.')
param botAppPassword string = ''

@description('Run Hangfire on PostgreSQL (several instances) instead of in memory (one instance).')
param scaleOut bool = false

@secure()
@description('scaleOut only: the PostgreSQL administrator password (azd generates one and keeps it in Key Vault).')
param postgresAdminPassword string = ''

@secure()
@description('Signs the "More" continuations of auditor queries (Audit:ContinuationKey): base64 of 72 random bytes, made afresh on each deployment unless given; kept in Key Vault. A new key only ends the open "More" buttons (they live an hour).')
param auditContinuationKey string = base64('${newGuid()}${newGuid()}')

@secure()
@description('Signs every ledger event and checkpoint (Ledger:SigningKey): base64 of 72 random bytes, kept in Key Vault as ledger-signing-key. Written on the first deployment only; later deployments never replace it (rotation: docs/deploy.md).')
param ledgerSigningKey string = base64('${newGuid()}${newGuid()}')

@description('The id recorded with every MAC of the current ledger signing key (Ledger:SigningKeyId); a rotated key gets a new id.')
param ledgerSigningKeyId string = 'k1'

@description('Ids of retired ledger signing keys that still verify what they signed, comma-separated; each is kept in Key Vault as ledger-signing-key-<id>.')
param ledgerPreviousKeyIds string = ''

@description('Days each ledger checkpoint stays immutable (WORM) in its blob container.')
@minValue(1)
@maxValue(146000)
param ledgerCheckpointRetentionDays int = 2555

@description('App Service plan SKU (B1 and up keep the bot warm with Always On).')
param appServiceSku string = 'B1'

@description('Number of App Service instances; more than one requires scaleOut.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier. The Teams channel is free on both; F0 is enough for Teams.')
param botSku string = 'F0'

@description('Display name of the bot in the Azure portal.')
param botDisplayName string = 'AimsBot'

@description('Entra object ids (users or groups) of compliance leads, comma-separated.')
param complianceLeads string = ''

@description('Entra object ids (users or groups) of auditors, comma-separated.')
param auditors string = ''

@description('Entra object ids (users or groups) of risk approvers, comma-separated.')
param riskApprovers string = ''

@description('Entra object ids (users or groups) of administrators, comma-separated.')
param admins string = ''

@description('Object id of the person running azd (AZURE_PRINCIPAL_ID): may manage Key Vault secrets. Empty to skip.')
param principalId string = ''

var tags = {
  'azd-env-name': environmentName
  application: 'aimsbot'
}

// A short, stable suffix for globally unique names (storage, Key Vault, web app).
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'modules/resources.bicep' = {
  name: 'aimsbot-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    token: token
    botAppType: botAppType
    botAppId: botAppId
    botAppPassword: botAppPassword
    scaleOut: scaleOut
    postgresAdminPassword: postgresAdminPassword
    auditContinuationKey: auditContinuationKey
    ledgerSigningKey: ledgerSigningKey
    ledgerSigningKeyId: ledgerSigningKeyId
    ledgerPreviousKeyIds: ledgerPreviousKeyIds
    ledgerCheckpointRetentionDays: ledgerCheckpointRetentionDays
    appServiceSku: appServiceSku
    instanceCount: instanceCount
    botSku: botSku
    botDisplayName: botDisplayName
    complianceLeads: complianceLeads
    auditors: auditors
    riskApprovers: riskApprovers
    admins: admins
    principalId: principalId
  }
}

// azd stores these in the environment (.azure/<env>/.env); manifest/package.sh reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_KEY_VAULT_ENDPOINT string = resources.outputs.keyVaultUri
output BOT_ID string = resources.outputs.botAppId
output BOT_APP_TYPE string = botAppType
output BOT_DOMAIN string = resources.outputs.webHostName
output BOT_ENDPOINT string = 'https://${resources.outputs.webHostName}/api/messages'
output BOT_MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.identityClientId
output BOT_MANAGED_IDENTITY_PRINCIPAL_ID string = resources.outputs.identityPrincipalId
output STORAGE_TABLE_ENDPOINT string = resources.outputs.tableEndpoint
output STORAGE_BLOB_ENDPOINT string = resources.outputs.blobEndpoint
output HANGFIRE_STORAGE string = scaleOut ? 'PostgreSql' : 'InMemory'
output APPLICATIONINSIGHTS_NAME string = resources.outputs.applicationInsightsName
