// The local engine: runs an Argo workflow on this machine with Argo's semantics.
//
// - Expressions/: `{{...}}` substitution, `when` conditions, `{{= ...}}` expressions.
// - Scheduler/: the pure state machine that decides what runs next.
// - Runners/: processes on this machine, or containers through podman or docker.
// - Store/: the run folder (status, logs, outputs), for `hera get`, `hera logs` and resuming.
