namespace AimsBot.Teams;
