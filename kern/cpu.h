// What the kernel keeps for each processor.  A CPU finds its own entry
// through its local APIC id (thiscpu); mp_init fills in which CPUs exist.
#ifndef JOS_KERN_CPU_H
#define JOS_KERN_CPU_H

#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/types.h>
#include <inc/x86.h>
#include <kern/pmap.h>

#define NCPU 8  // CPUs beyond this many are left asleep

// cpu_status: APs go from UNUSED to STARTED in mp_main; a CPU with
// nothing to run is HALTED until an interrupt wakes it (sched_halt).  A
// named enum, so that gdb prints CPU_STARTED, not 1; 32 bits, as xchg needs.
enum CpuStatus : uint32_t {
	CPU_UNUSED = 0,
	CPU_STARTED,
	CPU_HALTED,
};

// Atomically set a CPU's status (a full barrier), returning the old one.
inline CpuStatus xchg(volatile CpuStatus* addr, CpuStatus newval) {
	return CpuStatus(xchg(reinterpret_cast<volatile uint32_t*>(addr), newval));
}

struct CpuInfo {
	uint8_t cpu_id;                // its LAPIC id, which is also its place in cpus[]
	volatile bool cpu_tlb_flush;   // set by a CPU that waits for this one to flush its TLB
	volatile CpuStatus cpu_status; // CPU_* above
	Env* cpu_env;                  // curenv on this CPU; null when none runs
	Taskstate cpu_ts;              // where a trap from user mode switches the stack to
};

static_assert(sizeof(CpuStatus) == 4 && offsetof(CpuInfo, cpu_status) == 4 && offsetof(CpuInfo, cpu_env) == 8,
	      "CpuInfo's layout");

extern CpuInfo cpus[NCPU];
extern int ncpu;             // how many entries of cpus[] are real CPUs
extern CpuInfo* bootcpu;     // the CPU that ran the BIOS and i386_init
extern physaddr_t lapicaddr; // where the LAPIC registers are, physically

// CPU i's kernel stack, which mem_init_mp maps just below kstacktop(i).
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

// The top of CPU i's kernel stack (docs/ABI.md): each stack has an unmapped gap
// of KSTKGAP below it.  trapentry.S computes the same in assembly.
constexpr uintptr_t kstacktop(int i) { return KSTACKTOP - i * (KSTKSIZE + KSTKGAP); }

// Which CPU is running this: the id in its LAPIC's ID register (bits 31-24),
// or 0 before lapic_init has mapped the LAPIC (only the boot CPU runs then).
extern volatile uint32_t* lapic;
inline int cpunum(void) { return lapic ? lapic[0x20 / 4] >> 24 : 0; }
#define thiscpu (&cpus[cpunum()])

void mp_init(void);
void lapic_init(void);
void lapic_startap(uint8_t apicid, uint32_t addr);
void lapic_eoi(void);
void lapic_ipi(int vector);
void lapic_ipi_cpu(int apicid, int vector);

#endif
