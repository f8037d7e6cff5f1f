// The kernel console.  Output goes to two places, the COM1 UART and the
// CGA text screen; input comes from two, COM1 and the PS/2 keyboard, and is
// queued in one buffer that cons_getc drains.  The devices are polled on
// every cons_getc and also drained by their interrupts (kbd_intr, IRQ 1;
// serial_intr, IRQ 4), so the monitor works with interrupts on or off.
// getchar, waiting for input, halts the CPU until an interrupt when the
// trap layer says it may (cons_set_halt_allowed), and polls otherwise.
// Callers hold the kernel lock (or run before other CPUs exist); nothing
// here allocates, and nothing here blocks except getchar.

#include <inc/kbdreg.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/console.h>
#include <kern/picirq.h>

/***** The input queue *****/

namespace {

// Characters typed but not yet read.  head and tail only ever grow; their
// difference is the fill level.  A full queue drops what arrives, keeping
// what was typed first.
class InputQueue {
public:
	void put(uint8_t c) {
		if (c != 0 && tail_ - head_ < SIZE)
			buf_[tail_++ % SIZE] = c;
	}
	int take() { return head_ == tail_ ? 0 : buf_[head_++ % SIZE]; }

private:
	static constexpr uint32_t SIZE = 512;
	uint8_t buf_[SIZE] = {};
	uint32_t head_ = 0;
	uint32_t tail_ = 0;
};

constinit InputQueue input;

}  // namespace

/***** COM1: a 16550-compatible UART *****/

namespace {

constexpr uint16_t COM1 = 0x3F8;

// Register offsets from the base port.  With LCR's DLAB bit set, offsets 0
// and 1 reach the baud-rate divisor instead of the data and IER registers.
enum UartReg : uint16_t {
	UART_DATA = 0,
	UART_DIVISOR_LO = 0,
	UART_IER = 1,
	UART_DIVISOR_HI = 1,
	UART_IIR = 2,  // read
	UART_FCR = 2,  // write
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
};

constexpr uint8_t LCR_8N1 = 0x03;  // 8 data bits, no parity, 1 stop bit
constexpr uint8_t LCR_DLAB = 0x80;
constexpr uint8_t MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT2 = 0x08;  // OUT2 routes the IRQ to the PIC
constexpr uint8_t IER_RX_READY = 0x01;
constexpr uint8_t LSR_RX_READY = 0x01, LSR_TX_EMPTY = 0x20;
constexpr uint32_t UART_CLOCK = 115200, BAUD = 9600;

struct UartSetting {
	UartReg reg;
	uint8_t value;
};

// 9600 8N1, FIFOs off, an interrupt for each received byte.
constexpr UartSetting uart_setup[] = {
	{UART_LCR, LCR_DLAB},
	{UART_DIVISOR_LO, (uint8_t)(UART_CLOCK / BAUD)},
	{UART_DIVISOR_HI, (uint8_t)((UART_CLOCK / BAUD) >> 8)},
	{UART_LCR, LCR_8N1},
	{UART_FCR, 0},
	{UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2},
	{UART_IER, IER_RX_READY},
};

bool have_uart;

uint8_t uart_status() { return inb(COM1 + UART_LSR); }

void uart_init() {
	for (const UartSetting& s : uart_setup)
		outb(COM1 + s.reg, s.value);
	// No UART answers with all status bits set.  Reading IIR acknowledges
	// any interrupt already pending; the data register is not read, so a
	// character typed ahead stays for serial_intr.
	have_uart = uart_status() != 0xFF;
	(void)inb(COM1 + UART_IIR);
}

void uart_putc(uint8_t c) {
	// A port I/O read takes about a microsecond on a real PC: give the
	// transmitter some tens of milliseconds, then send regardless.
	for (int tries = 0; tries < 50000 && !(uart_status() & LSR_TX_EMPTY); tries++)
		;
	outb(COM1 + UART_DATA, c);
}

}  // namespace

void serial_intr(void) {
	if (!have_uart)
		return;
	while (uart_status() & LSR_RX_READY)
		input.put(inb(COM1 + UART_DATA));
}

/***** The CGA (or MDA) text screen *****/

namespace {

// The screen is CRT_ROWS x CRT_COLS cells of (attribute << 8 | character);
// the 6845 CRT controller shows the hardware cursor at a cell index.
struct Screen {
	volatile uint16_t* cells;
	uint16_t crtc;     // index port; the data port is crtc + 1
	uint32_t cursor;   // cell the next character goes to
};

constexpr uint8_t CRTC_CURSOR_HI = 14, CRTC_CURSOR_LO = 15;
constexpr uintptr_t BDA_CRTC_PORT = 0x463;  // physical address of a 16-bit word
constexpr uint16_t BLANK = 0x0700 | ' ';  // light grey on black
constexpr uint32_t TAB_STOP = 8;
static_assert(CRT_COLS % TAB_STOP == 0, "a tab never wraps a line");

Screen screen;

uint8_t crtc_read(uint8_t index) {
	outb(screen.crtc, index);
	return inb(screen.crtc + 1);
}

void crtc_write(uint8_t index, uint8_t value) {
	outb(screen.crtc, index);
	outb(screen.crtc + 1, value);
}

void cga_init() {
	// The BIOS data area records the CRT controller of the display it set
	// up; a monochrome adapter's has its own port and text buffer.
	uint16_t bios_crtc = *(volatile uint16_t*)(KERNBASE + BDA_CRTC_PORT);
	if (bios_crtc == MONO_BASE)
		screen = {(volatile uint16_t*)(KERNBASE + MONO_BUF), MONO_BASE, 0};
	else
		screen = {(volatile uint16_t*)(KERNBASE + CGA_BUF), CGA_BASE, 0};
	// Carry on where the BIOS left its cursor.
	uint32_t at = (uint32_t)crtc_read(CRTC_CURSOR_HI) << 8 | crtc_read(CRTC_CURSOR_LO);
	screen.cursor = at < CRT_SIZE ? at : 0;
}

void cursor_show() {
	crtc_write(CRTC_CURSOR_HI, screen.cursor >> 8);
	crtc_write(CRTC_CURSOR_LO, screen.cursor & 0xFF);
}

// Move every line up by one and blank the bottom line.  The text buffer is
// plain memory to the CPU, so one memmove (a rep movs) does the move: a
// cell-by-cell loop costs eight times the instructions, on every line the
// kernel prints once the screen is full.
void scroll_up() {
	uint16_t* cells = (uint16_t*)screen.cells;
	memmove(cells, cells + CRT_COLS, (CRT_SIZE - CRT_COLS) * sizeof(cells[0]));
	for (uint32_t i = CRT_SIZE - CRT_COLS; i < CRT_SIZE; i++)
		cells[i] = BLANK;
	screen.cursor -= CRT_COLS;
}

// Bits 8-15 of c, when set, are the cell's attribute.
void cga_putc(int c) {
	uint16_t attr = (c & 0xFF00) ? (c & 0xFF00) : (BLANK & 0xFF00);
	uint32_t column = screen.cursor % CRT_COLS;
	switch (uint8_t ch = c & 0xFF) {
	case '\n':
		screen.cursor += CRT_COLS - column;
		break;
	case '\r':
		screen.cursor -= column;
		break;
	case '\t':
		do
			screen.cells[screen.cursor++] = attr | ' ';
		while (screen.cursor % TAB_STOP != 0);
		break;
	case '\b':
		if (screen.cursor > 0)
			screen.cells[--screen.cursor] = attr | ' ';
		break;
	case '\a':
		break;
	default:
		screen.cells[screen.cursor++] = attr | ch;
		break;
	}
	if (screen.cursor >= CRT_SIZE)
		scroll_up();
	cursor_show();
}

}  // namespace

/***** PS/2 keyboard, scan-code set 1 *****/

namespace {

constexpr uint8_t SC_EXTENDED = 0xE0;  // the next code is a grey (extended) key
constexpr uint8_t SC_RELEASE = 0x80;   // set in the code sent when a key goes up
constexpr uint8_t SC_CTRL = 0x1D, SC_LSHIFT = 0x2A, SC_RSHIFT = 0x36, SC_ALT = 0x38;
constexpr uint8_t SC_CAPSLOCK = 0x3A;
constexpr uint8_t SC_DELETE = 0x53;  // extended

// Consecutive scan codes, starting at `first`, and what they type without
// and with shift.  Keys not listed type nothing.
struct KeyRun {
	uint8_t first;
	const char* plain;
	const char* shifted;
};

constexpr KeyRun key_runs[] = {
	{0x01, "\x1b" "1234567890-=\b\t", "\x1b" "!@#$%^&*()_+\b\t"},
	{0x10, "qwertyuiop[]\n", "QWERTYUIOP{}\n"},
	{0x1E, "asdfghjkl;'`", "ASDFGHJKL:\"~"},
	{0x2B, "\\zxcvbnm,./", "|ZXCVBNM<>?"},
	{0x37, "*", "*"},
	{0x39, " ", " "},
	{0x47, "789-456+1230.", "789-456+1230."},  // the keypad, as if Num Lock were on
};

constexpr bool runs_consistent() {
	for (const KeyRun& r : key_runs) {
		size_t n = 0;
		while (r.plain[n] && r.shifted[n])
			n++;
		if (r.plain[n] || r.shifted[n])
			return false;
	}
	return true;
}
static_assert(runs_consistent(), "each key run needs a shifted character per key");

// The grey keys, which arrive after SC_EXTENDED.
int extended_key(uint8_t code) {
	switch (code) {
	case 0x1C: return '\n';  // keypad Enter
	case 0x35: return '/';   // keypad /
	case 0x47: return KEY_HOME;
	case 0x48: return KEY_UP;
	case 0x49: return KEY_PGUP;
	case 0x4B: return KEY_LF;
	case 0x4D: return KEY_RT;
	case 0x4F: return KEY_END;
	case 0x50: return KEY_DN;
	case 0x51: return KEY_PGDN;
	case 0x52: return KEY_INS;
	case SC_DELETE: return KEY_DEL;
	default: return 0;
	}
}

int main_key(uint8_t code, bool shifted) {
	for (const KeyRun& r : key_runs) {
		const char* s = shifted ? r.shifted : r.plain;
		if (code >= r.first && code - r.first < (int)strlen(s))
			return (uint8_t)s[code - r.first];
	}
	return 0;
}

// What the keyboard has told us so far.  Left and right shift are held
// separately, so releasing one while the other is down keeps the shift.
struct KeyboardState {
	bool extended_next;
	bool lshift, rshift, ctrl, alt;
	bool caps_lock;
};

KeyboardState kbd;

// Held Ctrl+Alt+Delete resets the machine, through the keyboard
// controller's reset line.
[[noreturn]] void reset_machine() {
	cprintf("console: Ctrl-Alt-Delete, resetting the machine\n");
	outb(KBSTATP, 0xFE);  // controller command: pulse the CPU reset line
	for (;;)
		asm volatile("hlt");
}

// The character one scan code types, or 0 when it types none (a release,
// a modifier, an unknown key).
int kbd_decode(uint8_t sc) {
	if (sc == SC_EXTENDED) {
		kbd.extended_next = true;
		return 0;
	}
	bool extended = kbd.extended_next;
	kbd.extended_next = false;
	bool down = !(sc & SC_RELEASE);
	uint8_t code = sc & ~SC_RELEASE;

	switch (code) {
	case SC_LSHIFT:
		if (!extended)  // E0 2A is a fake shift some keys send around themselves
			kbd.lshift = down;
		return 0;
	case SC_RSHIFT:
		if (!extended)
			kbd.rshift = down;
		return 0;
	case SC_CTRL:
		kbd.ctrl = down;
		return 0;
	case SC_ALT:
		kbd.alt = down;
		return 0;
	case SC_CAPSLOCK:
		if (down)
			kbd.caps_lock = !kbd.caps_lock;
		return 0;
	}
	if (!down)
		return 0;

	if (extended) {
		if (code == SC_DELETE && kbd.ctrl && kbd.alt)
			reset_machine();
		return extended_key(code);
	}
	int c = main_key(code, kbd.lshift || kbd.rshift);
	bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (kbd.ctrl && c >= '@' && c < 0x7F)
		return c & 0x1F;  // Ctrl-A is 1, Ctrl-[ is ESC
	if (kbd.caps_lock && letter)
		c ^= 0x20;
	return c;
}

}  // namespace

void kbd_intr(void) {
	// A set KBS_TERR bit marks a byte from the mouse, which we discard.
	for (uint8_t st; (st = inb(KBSTATP)) & KBS_DIB;) {
		uint8_t sc = inb(KBDATAP);
		if (!(st & KBS_TERR))
			input.put(kbd_decode(sc));
	}
}

/***** The console as a whole *****/

int cons_getc(void) {
	serial_intr();
	kbd_intr();
	return input.take();
}

void cputchar(int c) {
	uart_putc(c);
	cga_putc(c);
}

// Halt until the next interrupt, with interrupts on only for the halt.  sti
// holds interrupts off for one more instruction, so one that comes after
// the caller last looked at the input still wakes the hlt rather than being
// served before it, which would leave the CPU halted with the character
// queued.  The trap layer knows an interrupt taken here by its return
// address, cons_halt_resume, and serves it and returns there (kern/trap.cc).
asm(R"(
	.pushsection .text
	.p2align 4
	.globl cons_halt
	.type cons_halt, @function
cons_halt:
	sti
	hlt
	.globl cons_halt_resume
cons_halt_resume:
	cli
	ret
	.size cons_halt, . - cons_halt
	.popsection
)");
extern "C" void cons_halt(void);

// Set by the layer that owns the IDT once it can serve interrupts at
// cons_halt; null until then, and getchar polls.
static bool (*halt_allowed)(void);

void cons_set_halt_allowed(bool (*allowed)(void)) { halt_allowed = allowed; }

int getchar(void) {
	int c;
	while ((c = cons_getc()) == 0)
		if (halt_allowed && halt_allowed())
			cons_halt();
	return c;
}

int iscons(int) { return 1; }

void cons_init(void) {
	cga_init();
	kbd_intr();  // queue what was typed before now
	irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_KBD));
	uart_init();
	if (have_uart)
		irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_SERIAL));
	else
		cprintf("console: no COM1 found; output goes to the screen only\n");
}
