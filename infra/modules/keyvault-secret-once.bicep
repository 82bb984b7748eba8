// One Key Vault secret written only when it does not exist yet: a key that must stay the same across
// deployments (the ledger signing key: events signed with it must keep verifying). A later deployment leaves
// the secret as it is; rotating it is a deliberate step (docs/deploy.md).
param vaultName string
param secretName string

@secure()
param secretValue string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

@onlyIfNotExists()
resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

@description('An app setting value: @Microsoft.KeyVault(VaultName=…;SecretName=…), always the latest version.')
output appSettingReference string = '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secret.name})'
