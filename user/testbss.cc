// testbss: the ELF loader must back all of a program's bss with zeroed
// memory -- here 4 MiB, more than one page table's worth -- and map nothing
// past it.  The block must read as zero, keep a pattern stored into it, and a
// store one page beyond its end must fault.

#include <inc/lib.h>

static constexpr size_t kWords = 1024 * 1024;  // 4 MiB of 32-bit words
uint32_t bss_block[kWords];

// What the second pass stores into word i: differs from its neighbours and
// from zero almost everywhere, so a lost or misplaced store shows.
static uint32_t pattern(size_t i) { return (uint32_t)i * 2654435761u + 1; }

// Volatile, so every word is really loaded and stored in turn.
static volatile uint32_t* words() { return bss_block; }

static void expect_zero() {
	for (size_t i = 0; i < kWords; i++)
		if (uint32_t w = words()[i]; w != 0)
			panic("testbss: bss word %u reads %08x, the loader left it unzeroed", i, w);
}

static void store_and_reread() {
	for (size_t i = 0; i < kWords; i++)
		words()[i] = pattern(i);
	for (size_t i = 0; i < kWords; i++)
		if (uint32_t w = words()[i]; w != pattern(i))
			panic("testbss: bss word %u reads %08x after %08x was stored", i, w, pattern(i));
}

void umain(int, char**) {
	cprintf("Making sure bss works right...\n");
	expect_zero();
	store_and_reread();

	cprintf("Yes, good.  Now doing a wild write off the end...\n");
	uintptr_t beyond = (uintptr_t)(bss_block + kWords) + PGSIZE;
	*(volatile uint32_t*)beyond = 1;
	panic("testbss: a store at %08x, a page past the bss, did not fault", beyond);
}
