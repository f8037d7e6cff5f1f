// This CPU's local APIC, seen through a page of MMIO at MMIOBASE and up:
// it owns the preemption timer, the end-of-interrupt write after every
// hardware interrupt, and the inter-processor interrupts that wake the other
// CPUs and poke them.  It must never touch the 8259s (kern/picirq.cc); it
// only decides which CPU hears them.  Register offsets and bit values are
// the Intel SDM's (vol. 3, "Advanced Programmable Interrupt Controller").

#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/kclock.h>
#include <kern/pmap.h>

namespace {

// Byte offsets of the registers this kernel uses.  Each is 32 bits wide at
// a 16-byte-aligned offset.
enum class Reg : uint32_t {
	Id = 0x020,             // bits 31..24: this CPU's APIC id (cpunum reads it)
	Version = 0x030,        // bits 23..16: the highest LVT entry's index
	TaskPriority = 0x080,   // interrupts at or below this class are held back
	Eoi = 0x0B0,            // write 0: the interrupt being served is done
	Spurious = 0x0F0,       // software enable bit and the spurious vector
	ErrorStatus = 0x280,    // latched errors; a write refreshes it
	CommandLow = 0x300,     // interrupt command: writing it sends the IPI
	CommandHigh = 0x310,    // interrupt command: destination APIC id
	LvtTimer = 0x320,       // local vector table: the timer's entry
	LvtPerfCounter = 0x340, // ... the performance counters' (version >= 4)
	LvtLint0 = 0x350,       // ... local pin 0 (the 8259s' output)
	LvtLint1 = 0x360,       // ... local pin 1 (NMI)
	LvtError = 0x370,       // ... the APIC's own error interrupt
	TimerInitial = 0x380,   // the count the timer reloads from
	TimerDivide = 0x3E0,    // the timer's clock divider
};

// Bits of the spurious-vector register.
constexpr uint32_t kSoftwareEnable = 1u << 8;

// Bits of a local vector table entry.
constexpr uint32_t kLvtMasked = 1u << 16;
constexpr uint32_t kLvtPeriodic = 1u << 17;  // timer: reload and go again

// Divider encodings of the timer-divide register.
constexpr uint32_t kDivideBy16 = 0x3;

// The preemption tick: 10 ms.  QEMU's APIC clock runs at 1 GHz, so 10^7
// clocks, which is 625000 counts with the clock divided by 16.  Schedulers
// and grade timeouts are tuned to this period: change it only with them.
constexpr uint32_t kTimerDivide = kDivideBy16;
constexpr uint32_t kTimerCount = 10000000 / 16;

// The interrupt command register's low word, in parts.
namespace icr {
constexpr uint32_t kFixed = 0u << 8;        // delivery mode: deliver the vector
constexpr uint32_t kInit = 5u << 8;         // delivery mode: INIT (reset the CPU)
constexpr uint32_t kStartup = 6u << 8;      // delivery mode: STARTUP at vector<<12
constexpr uint32_t kBusy = 1u << 12;        // read-only: not yet delivered
constexpr uint32_t kAssert = 1u << 14;      // level asserted (every mode but INIT de-assert)
constexpr uint32_t kLevelTrigger = 1u << 15;
constexpr uint32_t kAllButSelf = 3u << 18;  // shorthand: ignore the destination field
}  // namespace icr

uint32_t read_reg(Reg r) { return lapic[(uint32_t)r / sizeof(uint32_t)]; }

// The page is mapped uncached (mmio_map_region), so each store reaches the
// APIC in program order, before any later access to it.
void write_reg(Reg r, uint32_t value) { lapic[(uint32_t)r / sizeof(uint32_t)] = value; }

// Send one IPI and wait until the APIC has accepted it, so the command
// register is free for the next one.  dest is an APIC id (ignored with a
// shorthand in command).
void send_ipi(uint8_t dest, uint32_t command) {
	write_reg(Reg::CommandHigh, (uint32_t)dest << 24);
	write_reg(Reg::CommandLow, command);
	while (read_reg(Reg::CommandLow) & icr::kBusy)
		;
}

// Spin for about `us` microseconds.  A read of an unused ISA port takes
// about one microsecond on PC hardware; under QEMU the exact time does not
// matter, only that the waits come in the right order.
void delay_us(unsigned us) {
	while (us-- > 0)
		(void)inb(0x84);
}

}  // namespace

volatile uint32_t* lapic;  // this CPU's APIC registers once mapped; null before

void lapic_init(void) {
	if (!pa_val(lapicaddr))
		return;  // no MP configuration: a uniprocessor with no APIC timer
	if (!lapic)
		lapic = (volatile uint32_t*)mmio_map_region(lapicaddr, PGSIZE);
	if (!lapic) {  // mmio_map_region not written yet (lab 4)
		cprintf("lapic_init: the LAPIC is not mapped: one CPU, no timer\n");
		ncpu = 1;
		return;
	}

	// Software enable first: while the APIC is disabled every LVT entry
	// reads as masked and cannot be unmasked.
	write_reg(Reg::Spurious, kSoftwareEnable | (IRQ_OFFSET + IRQ_SPURIOUS));

	// Close the inputs this kernel does not serve.  The 8259s' INTR line
	// (LINT0) stays as the BIOS set it on the boot CPU only, so exactly one
	// CPU takes each device interrupt.
	if (thiscpu != bootcpu)
		write_reg(Reg::LvtLint0, kLvtMasked);
	write_reg(Reg::LvtLint1, kLvtMasked);
	uint32_t max_lvt = (read_reg(Reg::Version) >> 16) & 0xFF;
	if (max_lvt >= 4)
		write_reg(Reg::LvtPerfCounter, kLvtMasked);

	// APIC errors arrive as IRQ_ERROR.  Then empty the error register,
	// which latches on a write: one write to latch what is there, one to
	// latch nothing.
	write_reg(Reg::LvtError, IRQ_OFFSET + IRQ_ERROR);
	write_reg(Reg::ErrorStatus, 0);
	write_reg(Reg::ErrorStatus, 0);

	// The preemption clock: IRQ_TIMER every kTimerCount divided clocks.
	write_reg(Reg::TimerDivide, kTimerDivide);
	write_reg(Reg::LvtTimer, kLvtPeriodic | (IRQ_OFFSET + IRQ_TIMER));
	write_reg(Reg::TimerInitial, kTimerCount);

	// Retire anything the BIOS left in service, then accept every priority.
	write_reg(Reg::Eoi, 0);
	write_reg(Reg::TaskPriority, 0);
}

void lapic_eoi(void) {
	if (lapic)
		write_reg(Reg::Eoi, 0);
}

// Wake the application processor with APIC id apicid and have it run real-
// mode code at physical address addr (4 KiB aligned, below 1 MiB), as the
// MP specification's appendix B.4 describes.  Older CPUs answer INIT
// through the BIOS's warm-reset path, newer ones answer STARTUP directly;
// this sequence serves both.
void lapic_startap(uint8_t apicid, uint32_t addr) {
	if (!lapic)
		return;

	// The warm-reset path: CMOS shutdown status 0x0A makes the BIOS jump
	// through the real-mode far pointer (offset, then segment) at 0x467.
	struct RealModePointer {
		uint16_t offset;
		uint16_t segment;
	};
	mc146818_write(CMOS_SHUTDOWN_STATUS, 0x0A);
	auto* warm_reset = (volatile RealModePointer*)KADDR(physaddr_t(0x467));
	warm_reset->offset = 0;
	warm_reset->segment = (uint16_t)(addr >> 4);

	// INIT: assert, then de-assert, then give the CPU 10 ms to reset.
	send_ipi(apicid, icr::kInit | icr::kLevelTrigger | icr::kAssert);
	delay_us(200);
	send_ipi(apicid, icr::kInit | icr::kLevelTrigger);
	delay_us(10000);

	// STARTUP carries the start page number as its vector.  The spec sends
	// it twice, 200 us apart: a CPU that already started ignores the second.
	uint32_t startup = icr::kStartup | icr::kAssert | (addr >> 12);
	send_ipi(apicid, startup);
	delay_us(200);
	send_ipi(apicid, startup);
	delay_us(200);
}

// Interrupt the CPU whose APIC id is apicid with vector.
void lapic_ipi_cpu(int apicid, int vector) {
	if (lapic)
		send_ipi((uint8_t)apicid, icr::kFixed | icr::kAssert | (uint32_t)vector);
}

// Interrupt every other CPU with vector.
void lapic_ipi(int vector) {
	if (lapic)
		send_ipi(0, icr::kAllButSelf | icr::kFixed | icr::kAssert | (uint32_t)vector);
}
