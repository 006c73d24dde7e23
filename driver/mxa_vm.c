// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_vm.c - device address spaces. Each open file has one: three levels of
 * page tables (docs/hw-interface.md section 7) in memory from the
 * transport's alloc_coherent, and a drm_mm allocator that places the
 * file's buffers in it. A job's descriptor names the root of its file's
 * tables, so the device reaches only what that file mapped.
 *
 * Tables are allocated as buffers are mapped and kept until the address
 * space goes: a freed range is reused by the allocator, so their number
 * stays bounded by the address space a file uses at once.
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "mxa_drv.h"

#define MXA_PT_ENTRIES		BIT(MXA_HW_PT_INDEX_BITS)
#define MXA_PT_BYTES		(MXA_PT_ENTRIES * MXA_PTE_SIZE)
#define MXA_PT_ROOT_LEVEL	(MXA_HW_PT_LEVELS - 1)

static int mxa_pt_alloc(struct mxa_device *mdev, struct mxa_pt *pt,
			int level)
{
	pt->entry = mdev->bus->ops->alloc_coherent(mdev->bus, MXA_PT_BYTES,
						   &pt->bus);
	if (!pt->entry)
		return -ENOMEM;
	if (!mxa_bus_range_ok(mdev, pt->bus, MXA_PT_BYTES)) {
		drm_err(mdev->drm, "page table at %pad out of the device's reach\n",
			&pt->bus);
		goto err_free;
	}
	if (level > 0) {
		pt->child = kcalloc(MXA_PT_ENTRIES, sizeof(*pt->child),
				    GFP_KERNEL);
		if (!pt->child)
			goto err_free;
	}
	return 0;

err_free:
	mdev->bus->ops->free_coherent(mdev->bus, MXA_PT_BYTES, pt->entry,
				      pt->bus);
	pt->entry = NULL;
	return -ENOMEM;
}

static void mxa_pt_free(struct mxa_device *mdev, struct mxa_pt *pt)
{
	unsigned int i;

	if (!pt->entry)
		return;
	if (pt->child) {
		for (i = 0; i < MXA_PT_ENTRIES; i++) {
			if (pt->child[i]) {
				mxa_pt_free(mdev, pt->child[i]);
				kfree(pt->child[i]);
			}
		}
		kfree(pt->child);
		pt->child = NULL;
	}
	mdev->bus->ops->free_coherent(mdev->bus, MXA_PT_BYTES, pt->entry,
				      pt->bus);
	pt->entry = NULL;
}

/*
 * The level-0 entry of @va, or NULL when its tables do not exist and
 * @alloc is false. mem_lock held, !bus_gone.
 */
static __le64 *mxa_vm_leaf(struct mxa_vm *vm, u64 va, bool alloc)
{
	struct mxa_device *mdev = vm->mdev;
	struct mxa_pt *pt = &vm->root;
	int level;

	for (level = MXA_PT_ROOT_LEVEL; level > 0; level--) {
		unsigned int i = MXA_HW_PT_INDEX(va, level);
		struct mxa_pt *next = pt->child[i];

		if (!next) {
			if (!alloc)
				return NULL;
			next = kzalloc(sizeof(*next), GFP_KERNEL);
			if (!next)
				return ERR_PTR(-ENOMEM);
			if (mxa_pt_alloc(mdev, next, level - 1)) {
				kfree(next);
				return ERR_PTR(-ENOMEM);
			}
			pt->child[i] = next;
			WRITE_ONCE(pt->entry[i],
				   cpu_to_le64(MXA_PTE_V_MASK |
					       (next->bus & MXA_PTE_ADDR_MASK)));
		}
		pt = next;
	}
	return &pt->entry[MXA_HW_PT_INDEX(va, 0)];
}

static void mxa_vm_clear(struct mxa_vm *vm, u64 start, u64 end)
{
	u64 va;

	for (va = start; va < end; va += MXA_DEV_PAGE_SIZE) {
		__le64 *pte = mxa_vm_leaf(vm, va, false);

		if (pte)
			WRITE_ONCE(*pte, 0);
	}
}

/* Maps the pages of @bo at @start; mem_lock held, !bus_gone. */
static int mxa_vm_fill(struct mxa_vm *vm, u64 start, struct mxa_bo *bo)
{
	u64 flags = MXA_PTE_V_MASK | MXA_PTE_LEAF_MASK;
	struct scatterlist *sg;
	u64 va = start;
	unsigned int i;

	if (bo->dir == DMA_BIDIRECTIONAL)
		flags |= MXA_PTE_W_MASK;
	for_each_sgtable_dma_sg(bo->sgt, sg, i) {
		dma_addr_t addr = sg_dma_address(sg);
		u64 off;

		for (off = 0; off < sg_dma_len(sg); off += MXA_DEV_PAGE_SIZE) {
			__le64 *pte = mxa_vm_leaf(vm, va, true);

			if (IS_ERR(pte)) {
				mxa_vm_clear(vm, start, va);
				return PTR_ERR(pte);
			}
			WRITE_ONCE(*pte, cpu_to_le64(flags |
						     ((addr + off) &
						      MXA_PTE_ADDR_MASK)));
			va += MXA_DEV_PAGE_SIZE;
		}
	}
	return 0;
}

struct mxa_vm *mxa_vm_create(struct mxa_device *mdev)
{
	struct mxa_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	kref_init(&vm->ref);
	vm->mdev = mdev;
	drm_mm_init(&vm->mm, MXA_VA_START, MXA_VA_END - MXA_VA_START);

	mutex_lock(&mdev->mem_lock);
	ret = mdev->bus_gone ? -ENODEV :
	      mxa_pt_alloc(mdev, &vm->root, MXA_PT_ROOT_LEVEL);
	if (!ret)
		list_add(&vm->link, &mdev->vms);
	mutex_unlock(&mdev->mem_lock);
	if (ret) {
		drm_mm_takedown(&vm->mm);
		kfree(vm);
		return ERR_PTR(ret);
	}
	return vm;
}

/* mem_lock held. Every mapping holds a reference: none is left. */
static void mxa_vm_free(struct mxa_vm *vm)
{
	struct mxa_device *mdev = vm->mdev;

	if (!mdev->bus_gone)
		mxa_pt_free(mdev, &vm->root);
	drm_mm_takedown(&vm->mm);
	list_del(&vm->link);
	kfree(vm);
}

static void mxa_vm_release_locked(struct kref *ref)
{
	mxa_vm_free(container_of(ref, struct mxa_vm, ref));
}

/* The last put through kref_put_mutex(): mem_lock held, released here. */
static void mxa_vm_release(struct kref *ref)
{
	struct mxa_vm *vm = container_of(ref, struct mxa_vm, ref);
	struct mxa_device *mdev = vm->mdev;

	mxa_vm_free(vm);
	mutex_unlock(&mdev->mem_lock);
}

void mxa_vm_put(struct mxa_vm *vm)
{
	kref_put_mutex(&vm->ref, mxa_vm_release, &vm->mdev->mem_lock);
}

/* mem_lock held. */
static struct mxa_mapping *mxa_vm_find(struct mxa_vm *vm, struct mxa_bo *bo)
{
	struct mxa_mapping *map;

	list_for_each_entry(map, &bo->mappings, link)
		if (map->vm == vm)
			return map;
	return NULL;
}

int mxa_vm_map_bo(struct mxa_vm *vm, struct mxa_bo *bo)
{
	struct mxa_device *mdev = vm->mdev;
	struct mxa_mapping *map;
	int ret = 0;

	mutex_lock(&mdev->mem_lock);
	if (mdev->bus_gone || !bo->bus_mapped) {
		ret = -ENODEV;
		goto out;
	}
	/* Another handle of the same file: the mapping is shared. */
	map = mxa_vm_find(vm, bo);
	if (map) {
		kref_get(&map->ref);
		goto out;
	}
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map) {
		ret = -ENOMEM;
		goto out;
	}
	ret = drm_mm_insert_node_generic(&vm->mm, &map->node,
					 bo->base.base.size, 0, 0,
					 DRM_MM_INSERT_BEST);
	if (ret) {
		kfree(map);
		goto out;
	}
	ret = mxa_vm_fill(vm, map->node.start, bo);
	if (ret) {
		drm_mm_remove_node(&map->node);
		kfree(map);
		goto out;
	}
	kref_init(&map->ref);
	map->bo = bo;
	map->vm = vm;
	kref_get(&vm->ref);
	list_add(&map->link, &bo->mappings);
out:
	mutex_unlock(&mdev->mem_lock);
	return ret;
}

struct mxa_mapping *mxa_vm_mapping_get(struct mxa_vm *vm, struct mxa_bo *bo)
{
	struct mxa_mapping *map;

	mutex_lock(&vm->mdev->mem_lock);
	map = mxa_vm_find(vm, bo);
	if (map)
		kref_get(&map->ref);
	mutex_unlock(&vm->mdev->mem_lock);
	return map;
}

/* The last put through kref_put_mutex(): mem_lock held, released here. */
static void mxa_mapping_release(struct kref *ref)
{
	struct mxa_mapping *map = container_of(ref, struct mxa_mapping, ref);
	struct mxa_vm *vm = map->vm;
	struct mxa_device *mdev = vm->mdev;

	if (!mdev->bus_gone)
		mxa_vm_clear(vm, map->node.start,
			     map->node.start + map->node.size);
	drm_mm_remove_node(&map->node);
	list_del(&map->link);
	kfree(map);
	kref_put(&vm->ref, mxa_vm_release_locked);
	mutex_unlock(&mdev->mem_lock);
}

void mxa_mapping_put(struct mxa_mapping *map)
{
	kref_put_mutex(&map->ref, mxa_mapping_release,
		       &map->vm->mdev->mem_lock);
}

void mxa_vm_unmap_bo(struct mxa_vm *vm, struct mxa_bo *bo)
{
	struct mxa_mapping *map;

	mutex_lock(&vm->mdev->mem_lock);
	map = mxa_vm_find(vm, bo);
	mutex_unlock(&vm->mdev->mem_lock);
	/* The handle's reference keeps it listed until this put. */
	if (map)
		mxa_mapping_put(map);
}

/*
 * The transport goes away: every page table goes back to it now. What is
 * left of each address space (allocator, mappings) goes with its last
 * reference. mem_lock held.
 */
void mxa_vm_unplug(struct mxa_device *mdev)
{
	struct mxa_vm *vm;

	lockdep_assert_held(&mdev->mem_lock);
	list_for_each_entry(vm, &mdev->vms, link)
		mxa_pt_free(mdev, &vm->root);
}
