// The rank process of a training job (filled in by the training issue).
return 0;
