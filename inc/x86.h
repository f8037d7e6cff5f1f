// One C++ name per x86 instruction the kernel, boot loader and user library
// need and the compiler will not emit by itself.  Nothing here keeps state or
// makes a decision: each function is a single instruction (or a fixed pair,
// like pushf/pop), so a reader of a caller knows exactly what runs.
#ifndef JOS_INC_X86_H
#define JOS_INC_X86_H

#include <inc/types.h>

// ---- I/O ports ---------------------------------------------------------
// The operand size of in/out follows the type of the value (al, ax or eax),
// so one template serves bytes, words and doublewords; the port is an
// immediate when the compiler knows it is below 256, else in dx.

template <typename T>
static inline T port_in(uint16_t port) {
	T value;
	asm volatile("in %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

template <typename T>
static inline void port_out(uint16_t port, T value) {
	asm volatile("out %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(int port) { return port_in<uint8_t>((uint16_t)port); }
static inline uint16_t inw(int port) { return port_in<uint16_t>((uint16_t)port); }
static inline uint32_t inl(int port) { return port_in<uint32_t>((uint16_t)port); }
static inline void outb(int port, uint8_t data) { port_out<uint8_t>((uint16_t)port, data); }
static inline void outw(int port, uint16_t data) { port_out<uint16_t>((uint16_t)port, data); }
static inline void outl(int port, uint32_t data) { port_out<uint32_t>((uint16_t)port, data); }

// Read cnt doublewords from port into memory at addr (the disk's data
// register hands a sector over this way).  The direction flag is cleared
// first: the string instruction must walk upward whatever the caller left.
static inline void insl(int port, void* addr, int cnt) {
	asm volatile("cld; rep insl"
		     : "+D"(addr), "+c"(cnt)
		     : "d"((uint16_t)port)
		     : "memory", "cc");
}

// ---- Control registers -------------------------------------------------
// cr0: protection and paging enables; cr2: the address of the last page
// fault; cr3: the physical address of the page directory; cr4: paging
// extensions.  Writes are compiler barriers: what memory means may change.

template <int N>
static inline uint32_t read_cr(void) {
	uint32_t value;
	asm volatile("mov %%cr%c1, %0" : "=r"(value) : "i"(N));
	return value;
}

template <int N>
static inline void write_cr(uint32_t value) {
	asm volatile("mov %0, %%cr%c1" : : "r"(value), "i"(N) : "memory");
}

static inline uint32_t rcr0(void) { return read_cr<0>(); }
static inline uint32_t rcr2(void) { return read_cr<2>(); }
static inline uint32_t rcr3(void) { return read_cr<3>(); }
static inline uint32_t rcr4(void) { return read_cr<4>(); }
static inline void lcr0(uint32_t val) { write_cr<0>(val); }
static inline void lcr3(uint32_t val) { write_cr<3>(val); }
static inline void lcr4(uint32_t val) { write_cr<4>(val); }

// ---- TLB ---------------------------------------------------------------

// Forget the cached translation of the page holding addr.
static inline void invlpg(const volatile void* addr) { asm volatile("invlpg (%0)" : : "r"(addr) : "memory"); }
// Forget every non-global translation: reloading cr3 with itself does that.
static inline void tlbflush(void) { lcr3(rcr3()); }

// ---- Descriptor tables and the task register ---------------------------
// lgdt/lidt take (and sidt stores) a Pseudodesc (inc/mmu.h); lldt/ltr take a
// selector into the GDT.

static inline void lgdt(const void* p) { asm volatile("lgdt (%0)" : : "r"(p)); }
static inline void lidt(const void* p) { asm volatile("lidt (%0)" : : "r"(p)); }
static inline void sidt(void* p) { asm volatile("sidt (%0)" : : "r"(p) : "memory"); }
static inline void lldt(uint16_t sel) { asm volatile("lldt %0" : : "r"(sel)); }
static inline void ltr(uint16_t sel) { asm volatile("ltr %0" : : "r"(sel)); }

// ---- Flags and stack registers -----------------------------------------
// eflags has no mov form: it travels through the stack.

static inline uint32_t read_eflags(void) {
	uint32_t flags;
	asm volatile("pushfl; popl %0" : "=r"(flags));
	return flags;
}
static inline void write_eflags(uint32_t eflags) { asm volatile("pushl %0; popfl" : : "r"(eflags)); }

// The caller's frame pointer and stack pointer, for backtraces and checks.
static inline uint32_t read_ebp(void) {
	uint32_t value;
	asm volatile("movl %%ebp, %0" : "=r"(value));
	return value;
}
static inline uint32_t read_esp(void) {
	uint32_t value;
	asm volatile("movl %%esp, %0" : "=r"(value));
	return value;
}

// ---- Processor identification and time ---------------------------------

// CPUID leaf `info` (sub-leaf 0); any output pointer may be null.
static inline void cpuid(uint32_t info, uint32_t* eaxp, uint32_t* ebxp, uint32_t* ecxp, uint32_t* edxp) {
	uint32_t regs[4];
	asm volatile("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(info), "c"(0));
	uint32_t* outs[4] = {eaxp, ebxp, ecxp, edxp};
	for (int i = 0; i < 4; i++)
		if (outs[i])
			*outs[i] = regs[i];
}

// The time-stamp counter: cycles since reset, edx:eax.
static inline uint64_t read_tsc(void) {
	uint64_t cycles;
	asm volatile("rdtsc" : "=A"(cycles));
	return cycles;
}

// ---- Atomics -----------------------------------------------------------

// Store newval into *addr and return what was there, as one bus-locked
// step (xchg with memory is always locked; the prefix just says so).
static inline uint32_t xchg(volatile uint32_t* addr, uint32_t newval) {
	uint32_t old;
	asm volatile("lock; xchgl %0, %1" : "+m"(*addr), "=a"(old) : "1"(newval) : "cc");
	return old;
}

#endif
