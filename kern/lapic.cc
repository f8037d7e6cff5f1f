// The local APIC: per-CPU timer, inter-processor interrupts for starting
// the other CPUs, end-of-interrupt.  Register offsets and bits are from the
// Intel SDM, volume 3, chapter 10.

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/kclock.h>
#include <kern/pmap.h>

// Register indices (byte offset / 4).
#define ID (0x0020 / 4)
#define VER (0x0030 / 4)
#define TPR (0x0080 / 4)
#define EOI (0x00B0 / 4)
#define SVR (0x00F0 / 4)
#define ENABLE 0x00000100
#define ESR (0x0280 / 4)
#define ICRLO (0x0300 / 4)
#define INIT 0x00000500
#define STARTUP 0x00000600
#define DELIVS 0x00001000
#define ASSERT 0x00004000
#define DEASSERT 0x00000000
#define LEVEL 0x00008000
#define BCAST 0x00080000
#define OTHERS 0x000C0000
#define ICRHI (0x0310 / 4)
#define TIMER (0x0320 / 4)
#define X1 0x0000000B  // divide counts by 1
#define PERIODIC 0x00020000
#define PCINT (0x0340 / 4)
#define LINT0 (0x0350 / 4)
#define LINT1 (0x0360 / 4)
#define ERROR (0x0370 / 4)
#define MASKED 0x00010000
#define TICR (0x0380 / 4)
#define TCCR (0x0390 / 4)
#define TDCR (0x03E0 / 4)

// Timer period in bus cycles: about 10 ms under QEMU.
#define TIMER_PERIOD 10000000

volatile uint32_t* lapic;  // mapped by lapic_init; null before

static void lapicw(int index, uint32_t value) {
	lapic[index] = value;
	(void)lapic[ID];  // wait for the write to finish
}

void lapic_init(void) {
	if (!pa_val(lapicaddr))
		return;
	if (!lapic)
		lapic = (volatile uint32_t*)mmio_map_region(lapicaddr, 4096);
	if (!lapic) {  // mmio_map_region not written yet (lab 4)
		cprintf("lapic_init: the LAPIC is not mapped: one CPU, no timer\n");
		ncpu = 1;
		return;
	}

	// Enable the APIC; spurious interrupts go to IRQ_SPURIOUS.
	lapicw(SVR, ENABLE | (IRQ_OFFSET + IRQ_SPURIOUS));
	// The timer counts down from TICR at bus frequency and interrupts
	// periodically: the preemption clock.
	lapicw(TDCR, X1);
	lapicw(TIMER, PERIODIC | (IRQ_OFFSET + IRQ_TIMER));
	lapicw(TICR, TIMER_PERIOD);
	// Only the boot CPU takes 8259 interrupts (through LINT0).
	if (thiscpu != bootcpu)
		lapicw(LINT0, MASKED);
	lapicw(LINT1, MASKED);
	// The performance counter interrupt exists from version 4 on.
	if (((lapic[VER] >> 16) & 0xFF) >= 4)
		lapicw(PCINT, MASKED);
	lapicw(ERROR, IRQ_OFFSET + IRQ_ERROR);
	// Clear the error status (two writes: it is a FIFO), and any pending
	// interrupt.
	lapicw(ESR, 0);
	lapicw(ESR, 0);
	lapicw(EOI, 0);
	// Synchronise arbitration ids.
	lapicw(ICRHI, 0);
	lapicw(ICRLO, BCAST | INIT | LEVEL);
	while (lapic[ICRLO] & DELIVS)
		;
	// Accept every priority.
	lapicw(TPR, 0);
}

void lapic_eoi(void) {
	if (lapic)
		lapicw(EOI, 0);
}

// Roughly us microseconds; exact timing does not matter under emulation.
static void microdelay(int us) {
	for (int i = 0; i < us; i++)
		inb(0x84);
}

#define IO_RTC_CMD IO_RTC

// Start the AP with APIC id apicid at physical address addr (page
// aligned, below 1 MiB) with the INIT-SIPI-SIPI sequence (MP spec B.4).
void lapic_startap(uint8_t apicid, uint32_t addr) {
	// The warm-reset vector at 40:67 and CMOS shutdown code 0x0A tell the
	// BIOS to jump to addr after INIT.
	outb(IO_RTC_CMD, 0xF);
	outb(IO_RTC_CMD + 1, 0x0A);
	uint16_t* wrv = (uint16_t*)KADDR(physaddr_t((0x40 << 4) | 0x67));
	wrv[0] = 0;
	wrv[1] = addr >> 4;

	lapicw(ICRHI, apicid << 24);
	lapicw(ICRLO, INIT | LEVEL | ASSERT);
	microdelay(200);
	lapicw(ICRLO, INIT | LEVEL);
	microdelay(100);

	for (int i = 0; i < 2; i++) {
		lapicw(ICRHI, apicid << 24);
		lapicw(ICRLO, STARTUP | (addr >> 12));
		microdelay(200);
	}
}

// Interrupt the CPU whose APIC id is apicid with vector.
void lapic_ipi_cpu(int apicid, int vector) {
	if (!lapic)
		return;
	lapicw(ICRHI, apicid << 24);
	lapicw(ICRLO, vector);
	while (lapic[ICRLO] & DELIVS)
		;
}

void lapic_ipi(int vector) {
	lapicw(ICRLO, OTHERS | vector);
	while (lapic[ICRLO] & DELIVS)
		;
}
