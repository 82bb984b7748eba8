// The bot's user-assigned managed identity: it is the bot's Bot Framework identity (UserAssignedMSI), reads
// Key Vault secrets, and reaches Table Storage — no secrets in app settings.
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
