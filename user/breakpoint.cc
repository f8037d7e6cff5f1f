// breakpoint: `int $3` is one of the two vectors user code may raise; the
// kernel shows the trap frame and drops into the monitor instead of killing
// the env.

#include <inc/lib.h>

void umain(int, char**) {
	asm volatile("int $3");
}
