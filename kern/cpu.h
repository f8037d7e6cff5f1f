// Per-CPU state: one CpuInfo per processor, found by LAPIC id.
#ifndef JOS_KERN_CPU_H
#define JOS_KERN_CPU_H

#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/types.h>
#include <kern/pmap.h>

#define NCPU 8

enum {
	CPU_UNUSED = 0,
	CPU_STARTED,
	CPU_HALTED,
};

struct CpuInfo {
	uint8_t cpu_id;                // index into cpus[]; also the LAPIC id
	volatile bool cpu_tlb_flush;   // another CPU waits for this one to flush its TLB
	volatile unsigned cpu_status;  // CPU_*
	Env* cpu_env;                  // the environment running here, or null
	Taskstate cpu_ts;              // esp0/ss0 for traps from user mode
};

extern CpuInfo cpus[NCPU];
extern int ncpu;             // CPUs in the system
extern CpuInfo* bootcpu;     // the boot-strap processor
extern physaddr_t lapicaddr; // physical MMIO address of the local APIC

// Per-CPU kernel stacks, mapped at KSTACKTOP - i*(KSTKSIZE+KSTKGAP).
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

// This CPU's index: its local APIC id (0 until the LAPIC is mapped).
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
