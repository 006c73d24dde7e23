// SPDX-License-Identifier: MIT
/*
 * sim_vm.c - physical memory and device address spaces of the simulated
 * device (see sim_vm.h): what a kernel driver does with pages, and with the
 * page tables of docs/hw-interface.md 7.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mxa_hw.h"
#include "sim_vm.h"

/*
 * The lowest bus and device-virtual addresses handed out: an address 0
 * from a wrong descriptor field fails rather than reaching memory.
 */
#define PA_LOW		(1ull << 20)
#define VA_LOW		(1ull << 30)

static uint64_t page_up(uint64_t x)
{
	return (x + MXA__SIM_PAGE - 1) & ~(uint64_t)(MXA__SIM_PAGE - 1);
}

/* ---------------------------------------------------------------- ranges */

int mxa__ranges_alloc(struct mxa__ranges *r, uint64_t lo, uint64_t hi,
		      uint64_t len, uint64_t guard, void *ptr, uint64_t *start)
{
	uint64_t at = lo;
	size_t i;

	if (!len || len > hi - lo || page_up(len) != len)
		return -ENOMEM;
	/* First fit: the gap before range i, then the one after the last. */
	for (i = 0; i <= r->n; i++) {
		uint64_t end = i < r->n ? r->v[i].start : hi;

		if (i > 0)
			at = page_up(r->v[i - 1].start + r->v[i - 1].len + guard);
		if (at < end && end - at >= len &&
		    (i == r->n || end - at - len >= guard))
			break;
	}
	if (i > r->n)
		return -ENOMEM;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct mxa__range *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	memmove(&r->v[i + 1], &r->v[i], (r->n - i) * sizeof(*r->v));
	r->v[i].start = at;
	r->v[i].len = len;
	r->v[i].ptr = ptr;
	r->n++;
	r->hint = i;
	*start = at;
	return 0;
}

/* Index of the last range starting at or below addr; r->n if none. */
static size_t ranges_below(const struct mxa__ranges *r, uint64_t addr)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : r->n;
}

void mxa__ranges_free(struct mxa__ranges *r, uint64_t start)
{
	size_t i = ranges_below(r, start);

	if (i == r->n || r->v[i].start != start)
		return;
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof(*r->v));
	r->n--;
	r->hint = 0;
}

static int range_holds(const struct mxa__range *x, uint64_t addr,
		       uint64_t len)
{
	return addr >= x->start && addr - x->start <= x->len &&
	       len <= x->len - (addr - x->start);
}

const struct mxa__range *mxa__ranges_find(struct mxa__ranges *r,
					  uint64_t addr, uint64_t len)
{
	size_t i;

	/* The device's accesses come in runs within one buffer. */
	if (r->hint < r->n && range_holds(&r->v[r->hint], addr, len))
		return &r->v[r->hint];
	i = ranges_below(r, addr);
	if (i == r->n || !range_holds(&r->v[i], addr, len))
		return NULL;
	r->hint = i;
	return &r->v[i];
}

void mxa__ranges_fini(struct mxa__ranges *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- memory */

void mxa__sim_mem_init(struct mxa__sim_mem *mem, unsigned pa_bits)
{
	memset(mem, 0, sizeof(*mem));
	mem->pa_limit = pa_bits < 64 ? 1ull << pa_bits : UINT64_MAX;
}

void mxa__sim_mem_fini(struct mxa__sim_mem *mem)
{
	mxa__ranges_fini(&mem->ranges);
}

int mxa__sim_mem_add(struct mxa__sim_mem *mem, void *host, uint64_t len,
		     uint64_t *pa)
{
	return mxa__ranges_alloc(&mem->ranges, PA_LOW, mem->pa_limit, len, 0,
				 host, pa);
}

void mxa__sim_mem_remove(struct mxa__sim_mem *mem, uint64_t pa)
{
	mxa__ranges_free(&mem->ranges, pa);
}

void *mxa__sim_mem_ptr(struct mxa__sim_mem *mem, uint64_t pa, uint64_t len)
{
	const struct mxa__range *x = mxa__ranges_find(&mem->ranges, pa, len);

	return x ? (uint8_t *)x->ptr + (pa - x->start) : NULL;
}

void *mxa__sim_mem_alloc(struct mxa__sim_mem *mem, uint64_t len,
			 uint64_t *pa)
{
	void *p;

	len = page_up(len);
	if (!len)
		return NULL;
	p = aligned_alloc(MXA__SIM_PAGE, len);
	if (!p)
		return NULL;
	memset(p, 0, len);
	if (mxa__sim_mem_add(mem, p, len, pa)) {
		free(p);
		return NULL;
	}
	return p;
}

void mxa__sim_mem_free(struct mxa__sim_mem *mem, uint64_t pa)
{
	void *p = mxa__sim_mem_ptr(mem, pa, 1);

	mxa__sim_mem_remove(mem, pa);
	free(p);
}

/* ---------------------------------------------------------------- tables */

static uint64_t *table_at(struct mxa__sim_vm *vm, uint64_t pte)
{
	return mxa__sim_mem_ptr(vm->mem, pte & MXA_PTE_ADDR_MASK,
				MXA__SIM_PAGE);
}

/* The level-0 table that holds va's entry, created with create. */
static uint64_t *leaf_table(struct mxa__sim_vm *vm, uint64_t va, int create)
{
	uint64_t *t = table_at(vm, vm->root);

	for (int l = MXA_HW_PT_LEVELS - 1; l > 0; l--) {
		uint64_t *e = &t[MXA_HW_PT_INDEX(va, l)];

		if (!(*e & MXA_PTE_V_MASK)) {
			uint64_t pa;

			if (!create ||
			    !mxa__sim_mem_alloc(vm->mem, MXA__SIM_PAGE, &pa))
				return NULL;
			*e = pa | MXA_PTE_V_MASK;
		}
		t = table_at(vm, *e);
	}
	return t;
}

int mxa__sim_vm_init(struct mxa__sim_vm *vm, struct mxa__sim_mem *mem)
{
	memset(vm, 0, sizeof(*vm));
	vm->mem = mem;
	return mxa__sim_mem_alloc(mem, MXA__SIM_PAGE, &vm->root) ? 0 : -ENOMEM;
}

/* Frees the table at level l of entry pte and the tables below it. */
static void free_table(struct mxa__sim_vm *vm, uint64_t pte, int level)
{
	uint64_t *t = table_at(vm, pte);

	for (unsigned i = 0; level > 0 && i < MXA__SIM_PAGE / 8; i++)
		if (t[i] & MXA_PTE_V_MASK)
			free_table(vm, t[i], level - 1);
	mxa__sim_mem_free(vm->mem, pte & MXA_PTE_ADDR_MASK);
}

void mxa__sim_vm_fini(struct mxa__sim_vm *vm)
{
	if (vm->root)
		free_table(vm, vm->root, MXA_HW_PT_LEVELS - 1);
	mxa__ranges_fini(&vm->va);
	vm->root = 0;
}

int mxa__sim_vm_alloc(struct mxa__sim_vm *vm, uint64_t len, uint64_t *va)
{
	return mxa__ranges_alloc(&vm->va, VA_LOW, 1ull << MXA_HW_VA_BITS,
				 page_up(len), MXA__SIM_PAGE, NULL, va);
}

void mxa__sim_vm_free(struct mxa__sim_vm *vm, uint64_t va)
{
	mxa__ranges_free(&vm->va, va);
}

int mxa__sim_vm_map(struct mxa__sim_vm *vm, uint64_t va, uint64_t pa,
		    uint64_t len, int writable)
{
	uint64_t flags = MXA_PTE_V_MASK | MXA_PTE_LEAF_MASK |
			 (writable ? MXA_PTE_W_MASK : 0);

	for (uint64_t off = 0; off < len; off += MXA__SIM_PAGE) {
		uint64_t *t = leaf_table(vm, va + off, 1);

		if (!t)
			return -ENOMEM;
		t[MXA_HW_PT_INDEX(va + off, 0)] = (pa + off) | flags;
	}
	return 0;
}

void mxa__sim_vm_unmap(struct mxa__sim_vm *vm, uint64_t va, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += MXA__SIM_PAGE) {
		uint64_t *t = leaf_table(vm, va + off, 0);

		if (t)
			t[MXA_HW_PT_INDEX(va + off, 0)] = 0;
	}
}

uint64_t *mxa__sim_vm_pte(struct mxa__sim_vm *vm, uint64_t va)
{
	uint64_t *t = leaf_table(vm, va, 0);

	return t ? &t[MXA_HW_PT_INDEX(va, 0)] : NULL;
}
