// primes: a concurrent sieve of Eratosthenes over IPC.  umain feeds 2, 3,
// 4, ... to the first stage.  A stage takes the first number it is sent as
// its prime, prints it and forks a fresh stage behind it; after that it
// forwards only what its prime does not divide.  Every stage stays alive,
// so hundreds of envs exist at once, spread over the CPUs.

#include <inc/lib.h>

// One env's whole life as a sieve stage.  Its state is its prime (0 until
// the first number arrives) and the stage it forwards to.  A forked child
// inherits the parent's state, so it clears the prime and starts blank.
[[noreturn]] static void filter(void) {
	uint32_t prime = 0;
	envid_t downstream = 0;

	for (;;) {
		uint32_t n = ipc_recv(nullptr, nullptr, nullptr);
		if (prime != 0) {
			if (n % prime != 0)
				ipc_send(downstream, n, nullptr, 0);
			continue;
		}
		prime = n;
		// No newline: the fork below prints "[me] new env next" after it.
		cprintf("CPU %d: %d ", thisenv->env_cpunum, prime);
		downstream = fork();
		if (downstream < 0)
			panic("primes: fork after %u: %s", prime, errstr(downstream));
		if (downstream == 0)
			prime = 0;
	}
}

// The generator: every integer from 2 up, into the first stage.
[[noreturn]] static void feed(envid_t first_stage) {
	for (uint32_t candidate = 2;; candidate++)
		ipc_send(first_stage, candidate, nullptr, 0);
}

void umain(int, char**) {
	envid_t stage = fork();
	if (stage < 0)
		panic("primes: fork: %s", errstr(stage));
	if (stage == 0)
		filter();
	feed(stage);
}
