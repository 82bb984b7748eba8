// One Key Vault secret; returns the reference App Service resolves with the managed identity.
param vaultName string
param secretName string

@secure()
param secretValue string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

@description('An app setting value: @Microsoft.KeyVault(SecretUri=…), always the latest version.')
output appSettingReference string = '@Microsoft.KeyVault(SecretUri=${secret.properties.secretUri})'
