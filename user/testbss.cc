// testbss: the loader must map and zero the whole bss (here 4 MiB, spanning
// several page tables) and nothing beyond it.  The array must read zero,
// keep what is written, and a write well past its end must fault.

#include <inc/lib.h>

#define ARRAYSIZE (1024 * 1024)

uint32_t bigarray[ARRAYSIZE];

void umain(int, char**) {
	// Volatile accesses: every word really goes through memory, so the
	// read-back checks cannot be folded away.
	volatile uint32_t* words = bigarray;

	cprintf("Making sure bss works right...\n");
	for (uint32_t i = 0; i < ARRAYSIZE; i++)
		if (words[i] != 0)
			panic("bigarray[%u] isn't cleared!", i);
	for (uint32_t i = 0; i < ARRAYSIZE; i++)
		words[i] = i;
	for (uint32_t i = 0; i < ARRAYSIZE; i++)
		if (words[i] != i)
			panic("bigarray[%u] didn't hold its value!", i);

	cprintf("Yes, good.  Now doing a wild write off the end...\n");
	// Through a volatile pointer, so the compiler does not reject the
	// deliberate out-of-bounds index: 4 KiB past the end of the array.
	uint32_t* volatile base = bigarray;
	base[ARRAYSIZE + 1024] = 0;
	panic("SHOULD HAVE TRAPPED!!!");
}
