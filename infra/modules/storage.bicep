// Table Storage and the ledger's checkpoint container, reached only by the managed identity (shared keys off),
// TLS 1.2, HTTPS only. Checkpoints sit under a time-based immutability policy: once written, no one (the bot
// included) can change or delete them until the retention has passed.
param location string
param tags object
param name string
param identityPrincipalId string

@description('Blob container of the ledger checkpoints.')
param checkpointContainerName string

@description('Days each ledger checkpoint is kept immutable (WORM) after it is written.')
@minValue(1)
@maxValue(146000)
param checkpointRetentionDays int

@description('Name of the identity (known before deployment): keeps the role assignment name stable.')
param identityName string
param workspaceId string

// Built-in roles: Storage Table Data Contributor, Storage Blob Data Contributor.
var tableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
var blobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identityName, tableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: tableDataContributor
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource checkpoints 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: checkpointContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Time-based retention: blobs can be created, never overwritten or deleted while retained. Lock the policy once
// after the first deployment (docs/deploy.md) so that not even an account owner can shorten it.
resource checkpointRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: checkpoints
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: checkpointRetentionDays
    allowProtectedAppendWrites: false
  }
}

// The bot adds checkpoints to this container only: the role is scoped to it, not to the account.
resource checkpointAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(checkpoints.id, identityName, blobDataContributor)
  scope: checkpoints
  properties: {
    roleDefinitionId: blobDataContributor
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
output blobEndpoint string = account.properties.primaryEndpoints.blob
output checkpointContainerName string = checkpoints.name
