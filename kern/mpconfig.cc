// Multiprocessor discovery from the BIOS's MP tables (Intel MultiProcessor
// Specification 1.4): the floating pointer structure leads to the
// configuration table, whose processor entries name every CPU's local APIC
// id and which one is the boot processor.

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

// The MP floating pointer structure, signature "_MP_".
struct __attribute__((packed)) MpFloat {
	uint8_t signature[4];
	uint32_t physaddr;  // of the configuration table
	uint8_t length;     // in 16-byte units
	uint8_t specrev;
	uint8_t checksum;   // all bytes sum to 0
	uint8_t type;       // nonzero: a default configuration, no table
	uint8_t imcrp;
	uint8_t reserved[3];
};
static_assert(sizeof(MpFloat) == 16);

// The configuration table header, signature "PCMP".
struct __attribute__((packed)) MpConf {
	uint8_t signature[4];
	uint16_t length;  // of the base table, header included
	uint8_t version;  // 1 or 4
	uint8_t checksum;
	uint8_t product[20];
	uint32_t oemtable;
	uint16_t oemlength;
	uint16_t entry;   // number of entries
	uint32_t lapicaddr;
	uint16_t xlength;
	uint8_t xchecksum;
	uint8_t reserved;
	uint8_t entries[0];
};
static_assert(sizeof(MpConf) == 44);

// A processor entry (20 bytes; every other entry type is 8).
struct __attribute__((packed)) MpProc {
	uint8_t type;  // MPPROC
	uint8_t apicid;
	uint8_t version;
	uint8_t flags;  // MPPROC_BOOT: the boot processor
	uint8_t signature[4];
	uint32_t feature;
	uint8_t reserved[8];
};
static_assert(sizeof(MpProc) == 20);

enum { MPPROC = 0x00, MPBUS = 0x01, MPIOAPIC = 0x02, MPIOINTR = 0x03, MPLINTR = 0x04 };
#define MPPROC_BOOT 0x02

static uint8_t sum(const void* addr, int len) {
	uint8_t s = 0;
	for (int i = 0; i < len; i++)
		s += ((const uint8_t*)addr)[i];
	return s;
}

// Search [a, a+len) of physical memory for the floating pointer structure.
static MpFloat* mpsearch1(physaddr_t a, int len) {
	MpFloat* mp = (MpFloat*)KADDR(a);
	MpFloat* end = (MpFloat*)KADDR(a + len);
	for (; mp < end; mp++)
		if (memcmp(mp->signature, "_MP_", 4) == 0 && sum(mp, sizeof(*mp)) == 0)
			return mp;
	return nullptr;
}

// The spec's search order: the first KiB of the EBDA, the last KiB of base
// memory, then the BIOS ROM at 0xF0000-0xFFFFF.
static MpFloat* mpsearch(void) {
	const uint8_t* bda = (const uint8_t*)KADDR(physaddr_t(0x40 << 4));
	MpFloat* mp;
	if (uint32_t p = *(const uint16_t*)(bda + 0x0E) << 4; p) {
		if ((mp = mpsearch1(physaddr_t(p), 1024)))
			return mp;
	} else {
		p = *(const uint16_t*)(bda + 0x13) * 1024;
		if ((mp = mpsearch1(physaddr_t(p - 1024), 1024)))
			return mp;
	}
	return mpsearch1(physaddr_t(0xF0000), 0x10000);
}

// The configuration table, checked; null (with the reason) if unusable.
static MpConf* mpconfig(MpFloat** pmp) {
	MpFloat* mp = mpsearch();
	if (!mp)
		return nullptr;
	if (mp->physaddr == 0 || mp->type != 0) {
		cprintf("SMP: Default configurations not implemented\n");
		return nullptr;
	}
	MpConf* conf = (MpConf*)KADDR(physaddr_t(mp->physaddr));
	if (memcmp(conf, "PCMP", 4) != 0) {
		cprintf("SMP: Incorrect MP configuration table signature\n");
		return nullptr;
	}
	if (sum(conf, conf->length) != 0) {
		cprintf("SMP: Bad MP configuration checksum\n");
		return nullptr;
	}
	if (conf->version != 1 && conf->version != 4) {
		cprintf("SMP: Unsupported MP version %d\n", conf->version);
		return nullptr;
	}
	if ((sum((uint8_t*)conf + conf->length, conf->xlength) + conf->xchecksum) & 0xff) {
		cprintf("SMP: Bad MP configuration extended checksum\n");
		return nullptr;
	}
	*pmp = mp;
	return conf;
}

void mp_init(void) {
	bootcpu = &cpus[0];
	MpFloat* mp;
	MpConf* conf = mpconfig(&mp);
	if (!conf) {
		ncpu = 1;
		cprintf("SMP: No MP table found: running on one CPU\n");
		return;
	}
	lapicaddr = physaddr_t(conf->lapicaddr);

	bool ismp = true;
	const uint8_t* p = conf->entries;
	for (unsigned i = 0; i < conf->entry; i++) {
		switch (*p) {
		case MPPROC: {
			const MpProc* proc = (const MpProc*)p;
			if (proc->flags & MPPROC_BOOT)
				bootcpu = &cpus[ncpu];
			if (ncpu < NCPU) {
				cpus[ncpu].cpu_id = ncpu;
				ncpu++;
			} else {
				cprintf("SMP: too many CPUs, CPU %d disabled\n", proc->apicid);
			}
			p += sizeof(MpProc);
			continue;
		}
		case MPBUS:
		case MPIOAPIC:
		case MPIOINTR:
		case MPLINTR:
			p += 8;
			continue;
		default:
			cprintf("mpinit: unknown config type %x\n", *p);
			ismp = false;
			i = conf->entry;
		}
	}

	bootcpu->cpu_status = CPU_STARTED;
	if (!ismp) {
		// Unusable table: treat this as a uniprocessor.
		ncpu = 1;
		lapicaddr = physaddr_t(0);
		cprintf("SMP: configuration not found, SMP disabled\n");
		return;
	}
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);

	if (mp->imcrp) {
		// The IMCR is present: route interrupts through the APIC, not the
		// 8259 directly (MP spec 3.6.2.1).
		cprintf("SMP: Setting IMCR to switch from PIC mode to symmetric I/O mode\n");
		outb(0x22, 0x70);
		outb(0x23, inb(0x23) | 1);
	}
}
