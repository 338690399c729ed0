using Observability.Training.Worker;

// The rank process of a training job: reads its RankConfig (OBS_TRAIN_RANK_CONFIG), trains, speaks the RankLine
// protocol on stdout; "stop" on stdin asks it to checkpoint and exit (preemption). Exit codes: RankExitCodes.
return RankProgram.Run();
