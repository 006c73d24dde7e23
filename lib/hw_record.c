// SPDX-License-Identifier: MIT
/*
 * hw_record.c - a job's end from its completion record (struct
 * mxa_hw_cmpl, docs/hw-interface.md section 6): its statistics and its
 * status, mapped to the fence's error. The sim backend reads the record
 * from the ring's completion area, the drm backend from the copy mxa.ko
 * makes for it; one mapping, so a job fails the same way on both.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>

#include "../include/mxa_hw.h"
#include "mxa_priv.h"

static const char *status_name(unsigned s)
{
#define NAME(x) [MXA_HW_STATUS_##x] = #x,
	static const char *const names[] = { MXA_HW_STATUS_LIST(NAME) };
#undef NAME
	return s < MXA_ARRAY_SIZE(names) ? names[s] : "unknown status";
}

static const char *stream_name(unsigned s)
{
#define NAME(x) [MXA_HW_STREAM_##x] = #x,
	static const char *const names[] = { MXA_HW_STREAM_LIST(NAME) };
#undef NAME
	return s < MXA_ARRAY_SIZE(names) ? names[s] : "unknown stream";
}

int mxa__hw_record_end(struct mxa_fence *f, const struct mxa_hw_cmpl *rec)
{
	unsigned long long seq = le64toh(rec->seq);
	unsigned st = le16toh(rec->status);
	unsigned detail = le16toh(rec->detail);
	unsigned long long addr = le64toh(rec->fault_addr);
	const char *stream = stream_name(detail);
	char *msg = f->error;
	size_t size = sizeof(f->error);

	/* A SEQ is never 0: the record was not written. */
	if (!seq)
		return -ENOENT;
	f->stats.cycles = le64toh(rec->cycles);
	f->stats.bytes_read = le64toh(rec->bytes_read);
	f->stats.bytes_written = le64toh(rec->bytes_written);
	f->stats.macs = le64toh(rec->macs);
	f->stats.dma_stall_cycles = le32toh(rec->dma_stall);
	f->stats.compute_stall_cycles = le32toh(rec->compute_stall);
	switch (st) {
	case MXA_HW_STATUS_OK:
		f->status = 0;
		return 0;
	case MXA_HW_STATUS_MMU_UNMAPPED:
	case MXA_HW_STATUS_MMU_READONLY:
	case MXA_HW_STATUS_MMU_BAD_PTE:
		snprintf(msg, size,
			 "matmul job %llu: MMU fault %s on stream %s at device address 0x%llx",
			 seq, status_name(st), stream, addr);
		break;
	case MXA_HW_STATUS_INVALID_CODE:
		snprintf(msg, size,
			 "matmul job %llu: invalid code in stream %s at device address 0x%llx",
			 seq, stream, addr);
		break;
	case MXA_HW_STATUS_BAD_DESC:
		snprintf(msg, size,
			 "matmul job %llu: the device refused its descriptor (BAD_DESC at field offset 0x%02x)",
			 seq, detail);
		break;
	case MXA_HW_STATUS_BUS_ERROR:
		snprintf(msg, size,
			 "matmul job %llu: bus error on stream %s at bus address 0x%llx",
			 seq, stream, addr);
		break;
	case MXA_HW_STATUS_ABORTED:
		snprintf(msg, size, "matmul job %llu: aborted", seq);
		break;
	default:
		snprintf(msg, size,
			 "matmul job %llu: device status %u (detail %u, address 0x%llx)",
			 seq, st, detail, addr);
		break;
	}
	/* The errno of the interface description, as the driver's. */
	f->status = -mxa_hw_status_errno(st);
	return 0;
}
