// fairness: two envs that never yield, on two CPUs.  Both must be scheduled
// and both must finish their busy work: neither may starve the other.

#include <inc/lib.h>

#define NCHUNK 20
#define CHUNK 100000  // NCHUNK * CHUNK = 2,000,000 additions

void umain(int, char**) {
	envid_t child = fork();
	if (child < 0)
		panic("fork: %s", errstr(child));

	// volatile: every addition really happens, so the loop takes time.
	volatile uint32_t sum = 0;
	int chunks = 0;
	for (int c = 0; c < NCHUNK; c++) {
		for (uint32_t i = 0; i < CHUNK; i++)
			sum = sum + i;
		chunks++;
	}

	cprintf("[%08x] fairness: done %d chunks on CPU %d\n", thisenv->env_id, chunks,
		thisenv->env_cpunum);
}
