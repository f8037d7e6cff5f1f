// primes: the concurrent prime sieve.  umain feeds 2, 3, 4, ... into a chain
// of filter envs over IPC.  The first number a filter receives is prime; it
// prints it, forks the next filter, and passes on only numbers its prime does
// not divide.  Hundreds of envs end up alive at once.

#include <inc/lib.h>

[[noreturn]] static void filter(void) {
	envid_t from;

	for (;;) {
		int p = ipc_recv(&from, nullptr, nullptr);
		cprintf("CPU %d: %d ", thisenv->env_cpunum, p);

		envid_t next = fork();
		if (next < 0)
			panic("fork: %s", errstr(next));
		if (next == 0)
			continue;  // the child becomes the next filter in the chain

		for (;;) {
			int n = ipc_recv(&from, nullptr, nullptr);
			if (n % p != 0)
				ipc_send(next, n, nullptr, 0);
		}
	}
}

void umain(int, char**) {
	envid_t first = fork();
	if (first < 0)
		panic("fork: %s", errstr(first));
	if (first == 0)
		filter();

	for (int n = 2;; n++)
		ipc_send(first, n, nullptr, 0);
}
