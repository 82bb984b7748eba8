namespace AimsBot.Storage;
