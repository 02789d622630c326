"""Extensions: progress line, memory watch, incremental crawling state and the distributed worker's heartbeat."""
