// Hangfire keeps its configuration in process-wide statics: hosts in this assembly start one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
