// Which CPUs there are: read from the BIOS's MP tables (Intel
// MultiProcessor Specification 1.4).  Owns cpus[], ncpu, bootcpu and the
// LAPIC's physical address; runs once, on the boot CPU, before any other
// CPU starts.

#include <inc/assert.h>
#include <inc/string.h>
#include <inc/x86.h>
#include <kern/cpu.h>
#include <kern/pmap.h>

CpuInfo cpus[NCPU];
CpuInfo* bootcpu;
int ncpu;
physaddr_t lapicaddr;
// Per-CPU kernel stacks (the boot CPU starts on bootstack, see entry.S).
alignas(PGSIZE) unsigned char percpu_kstacks[NCPU][KSTKSIZE];

// What the MultiProcessor Specification (1.4) says the BIOS leaves in
// memory.  A 16-byte "floating pointer" with signature "_MP_" sits on a
// 16-byte boundary in one of three places; it gives the physical address of
// the configuration table ("PCMP"), a header followed by variable-sized
// entries, of which we need only the processor entries.  Every structure
// carries a checksum: its bytes sum to 0 mod 256.
namespace {

struct __attribute__((packed)) MpFloatingPointer {
	char signature[4];       // "_MP_"
	uint32_t config_pa;      // the configuration table, or 0
	uint8_t length16;        // this structure's length, in 16-byte units
	uint8_t revision;
	uint8_t checksum;
	uint8_t default_config;  // nonzero: a predefined configuration, no table
	uint8_t features2;       // bit 7: the IMCR is present
	uint8_t features_rest[3];
};
static_assert(sizeof(MpFloatingPointer) == 16);

struct __attribute__((packed)) MpConfigHeader {
	char signature[4];  // "PCMP"
	uint16_t base_length;  // header plus base entries, in bytes
	uint8_t revision;      // 1 (spec 1.1) or 4 (spec 1.4)
	uint8_t checksum;      // of the base table
	char oem_product[20];
	uint32_t oem_table_pa;
	uint16_t oem_table_size;
	uint16_t entry_count;
	uint32_t lapic_pa;
	uint16_t ext_length;   // extended entries after the base table
	uint8_t ext_checksum;  // of the extended entries
	uint8_t reserved;
};
static_assert(sizeof(MpConfigHeader) == 44);

// A processor entry is 20 bytes; the other base entry types (bus, I/O
// APIC, interrupt assignments: types 1-4) are 8 bytes each.
struct __attribute__((packed)) MpProcessorEntry {
	uint8_t type;  // 0
	uint8_t lapic_id;
	uint8_t lapic_version;
	uint8_t cpu_flags;
	uint32_t cpu_signature;
	uint32_t feature_flags;
	uint8_t reserved[8];
};
static_assert(sizeof(MpProcessorEntry) == 20);

constexpr uint8_t ENTRY_PROCESSOR = 0;
constexpr uint8_t ENTRY_LAST_SMALL = 4;  // types 1..4: 8 bytes
constexpr size_t SMALL_ENTRY_SIZE = 8;
constexpr uint8_t CPU_ENABLED = 0x01;
constexpr uint8_t CPU_BOOTSTRAP = 0x02;
constexpr uint8_t IMCR_PRESENT = 0x80;

uint8_t byte_sum(const void* p, size_t len) {
	uint8_t total = 0;
	for (size_t i = 0; i < len; i++)
		total = uint8_t(total + ((const uint8_t*)p)[i]);
	return total;
}

bool checksum_ok(const void* p, size_t len) { return byte_sum(p, len) == 0; }

// The floating pointer in physical [pa, pa + len), if it is there.
const MpFloatingPointer* scan(uint32_t pa, uint32_t len) {
	for (uint32_t a = pa; a + sizeof(MpFloatingPointer) <= pa + len; a += 16) {
		const auto* fp = (const MpFloatingPointer*)KADDR(physaddr_t(a));
		if (memcmp(fp->signature, "_MP_", 4) == 0 && checksum_ok(fp, sizeof(*fp)))
			return fp;
	}
	return nullptr;
}

// Where the spec says to look, in its order: the first KiB of the extended
// BIOS data area (its segment is the BIOS data area's word at 0x40E), else
// the last KiB of base memory (the word at 0x413 counts KiB), then the BIOS
// ROM, 0xF0000-0xFFFFF.
const MpFloatingPointer* find_floating_pointer(void) {
	auto bda_word = [](uint32_t pa) { return *(const uint16_t*)KADDR(physaddr_t(pa)); };
	const MpFloatingPointer* fp = nullptr;
	if (uint32_t ebda = uint32_t(bda_word(0x40E)) << 4)
		fp = scan(ebda, 1024);
	else if (uint32_t base_kb = bda_word(0x413))
		fp = scan(base_kb * 1024 - 1024, 1024);
	return fp ? fp : scan(0xF0000, 0x10000);
}

// The configuration table the floating pointer leads to, if it is usable;
// otherwise nullptr, and *why says what is wrong with it.
const MpConfigHeader* find_config_table(const MpFloatingPointer* fp, const char** why) {
	*why = nullptr;
	if (fp->default_config != 0 || fp->config_pa == 0) {
		*why = "a predefined (default) configuration, which this kernel does not support";
		return nullptr;
	}
	const auto* conf = (const MpConfigHeader*)KADDR(physaddr_t(fp->config_pa));
	if (memcmp(conf->signature, "PCMP", 4) != 0)
		*why = "no PCMP signature";
	else if (conf->revision != 1 && conf->revision != 4)
		*why = "an unknown revision";
	else if (!checksum_ok(conf, conf->base_length))
		*why = "a bad checksum";
	else if (uint8_t(conf->ext_checksum + byte_sum((const uint8_t*)conf + conf->base_length, conf->ext_length)))
		*why = "a bad extended-table checksum";  // its checksum byte is in the header
	return *why ? nullptr : conf;
}

}  // namespace

// Fill cpus[] from the processor entries, one slot per enabled processor
// in table order (cpus[i].cpu_id = i: cpunum() finds a CPU's slot by its
// LAPIC id, so a table whose ids do not count 0, 1, 2, ... like this, as
// QEMU's and most BIOSes' do, is refused), and note the boot CPU.
// Without a usable table, the kernel runs on the boot CPU alone.
void mp_init(void) {
	ncpu = 0;
	bootcpu = &cpus[0];
	const char* why = "no MP floating pointer";
	const MpConfigHeader* conf = nullptr;
	const MpFloatingPointer* fp = find_floating_pointer();
	if (fp)
		conf = find_config_table(fp, &why);

	const uint8_t* entry = conf ? (const uint8_t*)(conf + 1) : nullptr;
	for (uint16_t i = 0; conf && i < conf->entry_count; i++) {
		if (*entry > ENTRY_LAST_SMALL) {  // a table we cannot walk: ignore it all
			why = "an unknown entry type";
			conf = nullptr;
			break;
		}
		if (*entry != ENTRY_PROCESSOR) {
			entry += SMALL_ENTRY_SIZE;
			continue;
		}
		const auto* cpu = (const MpProcessorEntry*)entry;
		entry += sizeof(*cpu);
		if (!(cpu->cpu_flags & CPU_ENABLED))
			continue;
		if (ncpu == NCPU) {
			cprintf("SMP: CPU with LAPIC id %d ignored: only %d CPUs supported\n", cpu->lapic_id, NCPU);
			continue;
		}
		if (cpu->lapic_id != ncpu) {  // cpunum() could not find it in cpus[]
			why = "LAPIC ids that do not count 0, 1, 2, ... in table order";
			conf = nullptr;
			break;
		}
		cpus[ncpu].cpu_id = uint8_t(ncpu);
		if (cpu->cpu_flags & CPU_BOOTSTRAP)
			bootcpu = &cpus[ncpu];
		ncpu++;
	}

	if (conf && ncpu == 0)
		why = "no enabled processor in the table";
	if (!conf || ncpu == 0) {
		cprintf("SMP: %s: running on one CPU\n", why);
		ncpu = 1;
		bootcpu = &cpus[0];
		bootcpu->cpu_id = 0;
		lapicaddr = physaddr_t(0);
		bootcpu->cpu_status = CPU_STARTED;
		return;
	}
	lapicaddr = physaddr_t(conf->lapic_pa);
	bootcpu->cpu_status = CPU_STARTED;
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);

	// In PIC mode the 8259's interrupts bypass the APICs: the IMCR (ports
	// 0x22/0x23, register 0x70) routes them to the APIC (MP spec 3.6.2.1).
	if (fp->features2 & IMCR_PRESENT) {
		outb(0x22, 0x70);
		outb(0x23, inb(0x23) | 1);
	}
}
