namespace AimsBot.Domain;
