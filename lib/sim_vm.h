/* SPDX-License-Identifier: MIT */
/*
 * sim_vm.h - the memory of the simulated device as a kernel driver keeps
 * it: physical memory (ranges of bus addresses backed by host memory, which
 * the model reaches through its memory callbacks) and the device address
 * space of docs/hw-interface.md 7 (page tables in that memory, and the
 * allocation of device-virtual addresses).
 */
#ifndef MXA_SIM_VM_H
#define MXA_SIM_VM_H

#include <stddef.h>
#include <stdint.h>

#define MXA__SIM_PAGE 4096u

/* Disjoint address ranges, sorted by start; ptr is the caller's. */
struct mxa__range {
	uint64_t start, len;
	void *ptr;
};

struct mxa__ranges {
	struct mxa__range *v;
	size_t n, cap;
	size_t hint;		/* index of the last range found */
};

/*
 * Places a range of @len bytes, page aligned, at the lowest address in
 * [@lo, @hi) that keeps @guard free bytes from its neighbours. Returns 0
 * with *@start, or -ENOMEM.
 */
int mxa__ranges_alloc(struct mxa__ranges *r, uint64_t lo, uint64_t hi,
		      uint64_t len, uint64_t guard, void *ptr,
		      uint64_t *start);
/* Removes the range that starts at @start (if any). */
void mxa__ranges_free(struct mxa__ranges *r, uint64_t start);
/* The range holding [@addr, @addr + @len), or NULL. */
const struct mxa__range *mxa__ranges_find(struct mxa__ranges *r,
					  uint64_t addr, uint64_t len);
void mxa__ranges_fini(struct mxa__ranges *r);

/* Physical memory: bus addresses below 2^pa_bits, backed by host memory. */
struct mxa__sim_mem {
	struct mxa__ranges ranges;
	uint64_t pa_limit;
};

void mxa__sim_mem_init(struct mxa__sim_mem *mem, unsigned pa_bits);
void mxa__sim_mem_fini(struct mxa__sim_mem *mem);
/* Gives @len bytes of page-aligned host memory a bus address. */
int mxa__sim_mem_add(struct mxa__sim_mem *mem, void *host, uint64_t len,
		     uint64_t *pa);
void mxa__sim_mem_remove(struct mxa__sim_mem *mem, uint64_t pa);
/* Host address of [@pa, @pa + @len) when one range backs it all, or NULL. */
void *mxa__sim_mem_ptr(struct mxa__sim_mem *mem, uint64_t pa, uint64_t len);
/*
 * Zeroed host memory of @len bytes (whole pages) with a bus address, for
 * what the driver itself keeps in device memory (tables, ring); and its
 * release.
 */
void *mxa__sim_mem_alloc(struct mxa__sim_mem *mem, uint64_t len,
			 uint64_t *pa);
void mxa__sim_mem_free(struct mxa__sim_mem *mem, uint64_t pa);

/* A device address space: the root table and the addresses handed out. */
struct mxa__sim_vm {
	struct mxa__sim_mem *mem;
	uint64_t root;		/* bus address of the level-2 table */
	struct mxa__ranges va;
};

int mxa__sim_vm_init(struct mxa__sim_vm *vm, struct mxa__sim_mem *mem);
/* Frees every table; the pages they mapped are the caller's. */
void mxa__sim_vm_fini(struct mxa__sim_vm *vm);
/* Device-virtual addresses for @len bytes, a guard page on either side. */
int mxa__sim_vm_alloc(struct mxa__sim_vm *vm, uint64_t len, uint64_t *va);
void mxa__sim_vm_free(struct mxa__sim_vm *vm, uint64_t va);
/*
 * Maps the pages of [@va, @va + @len) to the bus addresses from @pa on
 * (both page aligned), writable or read-only. Returns 0 or -ENOMEM (with
 * what was mapped left mapped: mxa__sim_vm_unmap() takes it back).
 */
int mxa__sim_vm_map(struct mxa__sim_vm *vm, uint64_t va, uint64_t pa,
		    uint64_t len, int writable);
void mxa__sim_vm_unmap(struct mxa__sim_vm *vm, uint64_t va, uint64_t len);
/* The level-0 entry that maps @va, or NULL when no table holds it. */
uint64_t *mxa__sim_vm_pte(struct mxa__sim_vm *vm, uint64_t va);

#endif /* MXA_SIM_VM_H */
