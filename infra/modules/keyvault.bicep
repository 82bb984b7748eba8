// Key Vault for the bot's secrets (Azure RBAC, soft delete). The managed identity may read secrets, which
// App Service resolves for @Microsoft.KeyVault(...) app settings.
param location string
param tags object
param name string
param identityPrincipalId string

@description('Name of the identity (known before deployment): keeps the role assignment name stable.')
param identityName string
param workspaceId string

@description('Object id of a person who may manage secrets (the one running azd); empty to skip.')
param principalId string = ''

// Built-in roles: Key Vault Secrets User, Key Vault Secrets Officer.
var secretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var secretsOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityName, secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: secretsUser
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerManagesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, secretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: secretsOfficer
    principalId: principalId
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'AuditEvent', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
