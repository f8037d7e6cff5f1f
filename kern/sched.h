// The scheduler: a round-robin run queue of RUNNABLE envs.
#ifndef JOS_KERN_SCHED_H
#define JOS_KERN_SCHED_H

struct Env;

// Pick an env and run it; never returns.
[[noreturn]] void sched_yield(void);
// Make e, which must be RUNNABLE, the next env this scheduler picks.
void sched_run_next(Env* e);

#endif
