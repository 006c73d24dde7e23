// SPDX-License-Identifier: MIT
/*
 * shell_harness.c - the shared part of the shell tests: device access,
 * page tables, the ring, and the models of validation, of the test engine
 * and of the MMU's table reads (see shell_harness.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtl/shell_harness.h"

#define SH_POOL_LOG2	15	/* 32768 pages = 128 MiB from SH_PAGES_PA */

static void die(const char *what, int err)
{
	fprintf(stderr, "%s: %s (%d)\n", what, mxa_sim_last_error(), err);
	exit(T_FAIL);
}

void sh_open(struct sh *sh, const struct mxa_sim_config *cfg)
{
	uint32_t mem;
	int err;

	memset(sh, 0, sizeof(*sh));
	err = mxa_sim_create(cfg, &sh->sim);
	if (err == -ENOSYS)
		T_SKIP_BECAUSE("verilator not installed");
	if (err)
		die("mxa_sim_create", err);
	if (sh_rd(sh, MXA_REG_ID) != MXA_HW_ID) {
		fprintf(stderr, "no mxa device: ID 0x%08x\n",
			sh_rd(sh, MXA_REG_ID));
		exit(T_FAIL);
	}
	static const uint32_t offsets[MXA_CAPIDX_COUNT] = MXA_REG_CAP_OFFSETS;

	for (unsigned i = 0; i < MXA_CAPIDX_COUNT; i++)
		sh->cap[i] = sh_rd(sh, offsets[i]);
	mem = sh->cap[MXA_CAPIDX_CAP_MEM];
	sh->data_bytes = MXA_HW_GET(MXA_REG_CAP_MEM_DATA_BITS, mem) / 8;
	sh->pa_bits = MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS, mem);
}

void sh_close(struct sh *sh)
{
	mxa_sim_destroy(sh->sim);
	sh->sim = NULL;
}

uint32_t sh_rd(struct sh *sh, uint32_t off)
{
	uint32_t v;
	int err = mxa_sim_reg_read(sh->sim, off, &v);

	if (err)
		die("register read", err);
	return v;
}

void sh_wr(struct sh *sh, uint32_t off, uint32_t val)
{
	int err = mxa_sim_reg_write(sh->sim, off, val);

	if (err)
		die("register write", err);
}

uint64_t sh_rd64(struct sh *sh, uint32_t off_lo)
{
	uint64_t lo = sh_rd(sh, off_lo);

	return lo | (uint64_t)sh_rd(sh, off_lo + 4) << 32;
}

void sh_run(struct sh *sh, uint64_t cycles)
{
	int err = mxa_sim_run(sh->sim, cycles);

	if (err)
		die("run", err);
}

void sh_pwrite(struct sh *sh, uint64_t pa, const void *buf, size_t len)
{
	int err = mxa_sim_mem_write(sh->sim, pa, buf, len);

	if (err)
		die("memory write", err);
}

void sh_pread(struct sh *sh, uint64_t pa, void *buf, size_t len)
{
	int err = mxa_sim_mem_read(sh->sim, pa, buf, len);

	if (err)
		die("memory read", err);
}

uint64_t sh_pread64(struct sh *sh, uint64_t pa)
{
	uint64_t v;

	sh_pread(sh, pa, &v, 8);
	return v;
}

void sh_pwrite64(struct sh *sh, uint64_t pa, uint64_t v)
{
	sh_pwrite(sh, pa, &v, 8);
}

uint64_t sh_page(struct sh *sh)
{
	static const uint8_t zero[SH_PAGE];
	uint32_t n = sh->pages++;
	/* An odd multiplier permutes the pool: neighbours land far apart. */
	uint64_t pa = SH_PAGES_PA +
		(((uint64_t)n * 0x9e37u + 0x1234u) &
		 ((1u << SH_POOL_LOG2) - 1)) * SH_PAGE;

	if (n >> SH_POOL_LOG2) {
		fprintf(stderr, "out of test pages\n");
		exit(T_FAIL);
	}
	sh_pwrite(sh, pa, zero, SH_PAGE);
	return pa;
}

uint64_t sh_as_new(struct sh *sh)
{
	return sh_page(sh);
}

uint64_t sh_pte_addr(struct sh *sh, uint64_t root, uint64_t va, int level,
		     bool create)
{
	uint64_t table = root;

	for (int l = MXA_HW_PT_LEVELS - 1; l > level; l--) {
		uint64_t e = table + MXA_HW_PT_INDEX(va, l) * 8;
		uint64_t pte = sh_pread64(sh, e);

		if (!(pte & MXA_PTE_V_MASK)) {
			if (!create)
				return 0;
			pte = sh_page(sh) | MXA_PTE_V_MASK;
			sh_pwrite64(sh, e, pte);
		}
		table = pte & MXA_PTE_ADDR_MASK;
	}
	return table + MXA_HW_PT_INDEX(va, level) * 8;
}

void sh_map(struct sh *sh, uint64_t root, uint64_t va, uint64_t len,
	    bool writable)
{
	uint64_t end = va + len;

	for (uint64_t p = va & ~(SH_PAGE - 1); p < end; p += SH_PAGE) {
		uint64_t e = sh_pte_addr(sh, root, p, 0, true);

		if (sh_pread64(sh, e) & MXA_PTE_V_MASK)
			continue;
		sh_pwrite64(sh, e, sh_page(sh) | MXA_PTE_LEAF_MASK |
			    MXA_PTE_V_MASK | (writable ? MXA_PTE_W_MASK : 0));
	}
}

void sh_set_leaf(struct sh *sh, uint64_t root, uint64_t va, uint64_t pte)
{
	sh_pwrite64(sh, sh_pte_addr(sh, root, va, 0, true), pte);
}

bool sh_translate(struct sh *sh, uint64_t root, uint64_t va, uint64_t *pa)
{
	uint64_t e, pte;

	if (va >> MXA_HW_VA_BITS)
		return false;
	e = sh_pte_addr(sh, root, va, 0, false);
	if (!e)
		return false;
	pte = sh_pread64(sh, e);
	if (!(pte & MXA_PTE_V_MASK))
		return false;
	*pa = (pte & MXA_PTE_ADDR_MASK) | (va & (SH_PAGE - 1));
	return true;
}

static void vcopy(struct sh *sh, uint64_t root, uint64_t va, uint8_t *buf,
		  size_t len, bool write)
{
	while (len) {
		uint64_t pa;
		size_t n = SH_PAGE - (va & (SH_PAGE - 1));

		if (n > len)
			n = len;
		if (!sh_translate(sh, root, va, &pa)) {
			fprintf(stderr, "test bug: va 0x%llx not mapped\n",
				(unsigned long long)va);
			exit(T_FAIL);
		}
		if (write)
			sh_pwrite(sh, pa, buf, n);
		else
			sh_pread(sh, pa, buf, n);
		va += n;
		buf += n;
		len -= n;
	}
}

void sh_vwrite(struct sh *sh, uint64_t root, uint64_t va, const void *buf,
	       size_t len)
{
	vcopy(sh, root, va, (uint8_t *)buf, len, true);
}

void sh_vread(struct sh *sh, uint64_t root, uint64_t va, void *buf,
	      size_t len)
{
	vcopy(sh, root, va, buf, len, false);
}

void sh_vfill(struct sh *sh, uint64_t root, uint64_t va, size_t len,
	      struct t_rng *rng)
{
	uint8_t *buf = malloc(len ? len : 1);

	if (!buf)
		exit(T_FAIL);
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)t_rng_next(rng);
	sh_vwrite(sh, root, va, buf, len);
	free(buf);
}

/* ---------------------------------------------------------------- ring */

void sh_ring_start(struct sh *sh, unsigned log2)
{
	static const uint8_t zero[SH_PAGE];
	uint64_t bytes = (uint64_t)MXA_CMPL_SIZE << log2;

	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	for (int i = 0; sh_rd(sh, MXA_REG_CTRL) & MXA_REG_CTRL_SOFT_RESET_MASK;
	     i++) {
		if (i > 1000) {
			fprintf(stderr, "soft reset does not finish\n");
			exit(T_FAIL);
		}
	}
	for (uint64_t off = 0; off < bytes; off += SH_PAGE)
		sh_pwrite(sh, SH_CMPL_PA + off, zero,
			  bytes - off < SH_PAGE ? bytes - off : SH_PAGE);
	sh_wr(sh, MXA_REG_RING_BASE_LO, (uint32_t)SH_RING_PA);
	sh_wr(sh, MXA_REG_RING_BASE_HI, (uint32_t)(SH_RING_PA >> 32));
	sh_wr(sh, MXA_REG_RING_SIZE, log2);
	sh_wr(sh, MXA_REG_CMPL_BASE_LO, (uint32_t)SH_CMPL_PA);
	sh_wr(sh, MXA_REG_CMPL_BASE_HI, (uint32_t)(SH_CMPL_PA >> 32));
	sh_wr(sh, MXA_REG_INT_ENABLE, 7);
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	sh->ring_log2 = log2;
	sh->tail = 0;
}

uint32_t sh_put(struct sh *sh, const struct mxa_hw_desc *d)
{
	uint32_t slot = sh->tail & ((1u << sh->ring_log2) - 1);

	sh_pwrite(sh, SH_RING_PA + (uint64_t)slot * MXA_DESC_SIZE, d,
		  MXA_DESC_SIZE);
	return sh->tail++;
}

void sh_doorbell(struct sh *sh)
{
	sh_wr(sh, MXA_REG_RING_TAIL, sh->tail);
}

uint64_t sh_next_seq(struct sh *sh)
{
	return ++sh->seq;
}

int sh_wait(struct sh *sh, uint32_t index, uint64_t seq, uint64_t max_cycles,
	    struct mxa_hw_cmpl *rec)
{
	uint32_t slot = index & ((1u << sh->ring_log2) - 1);
	uint64_t pa = SH_CMPL_PA + (uint64_t)slot * MXA_CMPL_SIZE;

	for (uint64_t ran = 0;; ran += 64) {
		if (sh_pread64(sh, pa) == seq) {
			sh_pread(sh, pa, rec, sizeof(*rec));
			return 0;
		}
		if (ran >= max_cycles)
			return -ETIMEDOUT;
		sh_run(sh, 64);
	}
}

void sh_run_job(struct sh *sh, const struct mxa_hw_desc *d,
		struct mxa_hw_cmpl *rec)
{
	uint32_t index = sh_put(sh, d);

	sh_doorbell(sh);
	if (sh_wait(sh, index, d->seq, 20000000, rec)) {
		fprintf(stderr, "job seq %llu: no completion record\n",
			(unsigned long long)d->seq);
		exit(T_FAIL);
	}
}

/* ---------------------------------------------------------------- models */

/*
 * A format of @role that the capability registers list: element formats
 * in CAP_FORMATS, output formats in CAP_FORMATS_SO.OUT.
 */
static bool format_listed(const struct sh *sh, unsigned fmt, int role)
{
	uint32_t out = MXA_HW_GET(MXA_REG_CAP_FORMATS_SO_OUT,
				  sh->cap[MXA_CAPIDX_CAP_FORMATS_SO]);

	if (mxa_hw_fmt_role(fmt) != role)
		return false;
	if (role == MXA_HW_FMT_ROLE_ELEMENT)
		return sh->cap[MXA_CAPIDX_CAP_FORMATS] >>
		       (fmt - MXA_HW_FMT_ELEMENT_FIRST) & 1;
	return out >> (fmt - MXA_HW_FMT_OUTPUT_FIRST) & 1;
}

uint64_t sh_row_bytes(uint32_t k, unsigned fmt)
{
	return mxa_hw_fmt_row_bytes(fmt, k);
}

uint32_t sh_block_size(unsigned scale_mode, unsigned block)
{
	if (block)
		return block;
	return scale_mode == MXA_HW_SCALE_NV ? 16 : 32;
}

uint32_t sh_scale_bytes(uint32_t k, unsigned scale_mode, unsigned block)
{
	uint32_t bs = sh_block_size(scale_mode, block);

	return (uint32_t)(((uint64_t)k + bs - 1) / bs);
}

static bool va_ok(uint64_t va)
{
	return !(va >> MXA_HW_VA_BITS);
}

static bool tscale_ok(uint32_t t)
{
	/* +0, or positive and finite */
	return !(t >> 31) && ((t >> 23) & 0xff) != 0xff;
}

int sh_desc_check(const struct sh *sh, const struct mxa_hw_desc *d)
{
	uint32_t modes = sh->cap[MXA_CAPIDX_CAP_MODES];
	uint32_t trunc = sh->cap[MXA_CAPIDX_CAP_TRUNC];
	uint32_t sizes = MXA_HW_GET(MXA_REG_CAP_BLOCK_SIZES,
				    sh->cap[MXA_CAPIDX_CAP_BLOCK]);
	bool has_c = d->flags & MXA_DESC_FLAGS_HAS_C_MASK;
	bool scaled, nv, bf16;
	uint32_t bs, nb, esize;

	if (d->opcode == MXA_HW_OP_NOP) {
		/* Every field but OPCODE and SEQ is zero, and SEQ is not. */
		const uint8_t *p = (const uint8_t *)d;
		int first_nonzero = -1;

		for (int i = 0; i < MXA_DESC_SIZE; i++) {
			if (i >= MXA_DESC_SEQ && i < MXA_DESC_SEQ + 8)
				continue;
			if (i < MXA_DESC_FLAGS)
				continue;
			if (p[i]) {
				first_nonzero = i;
				break;
			}
		}
		if (first_nonzero >= 0 && first_nonzero < MXA_DESC_SEQ) {
			/* FLAGS or RSVD0 */
			return first_nonzero < MXA_DESC_RSVD0 ?
				MXA_DESC_FLAGS : MXA_DESC_RSVD0;
		}
		if (!d->seq)
			return MXA_DESC_SEQ;
		if (first_nonzero < 0)
			return -1;
		/* the offset of the field that holds the byte */
		static const int starts[] = {
			MXA_DESC_PT_ROOT, MXA_DESC_M, MXA_DESC_N, MXA_DESC_K,
			MXA_DESC_A_FMT, MXA_DESC_B_FMT, MXA_DESC_SCALE_MODE,
			MXA_DESC_ACC_MODE, MXA_DESC_OUT_FMT, MXA_DESC_TRUNC_W,
			MXA_DESC_BLOCK, MXA_DESC_RSVD1, MXA_DESC_TRUNC_N, MXA_DESC_A_TSCALE,
			MXA_DESC_B_TSCALE, MXA_DESC_A_ADDR, MXA_DESC_B_ADDR,
			MXA_DESC_SA_ADDR, MXA_DESC_SB_ADDR, MXA_DESC_C_ADDR,
			MXA_DESC_D_ADDR, MXA_DESC_A_STRIDE, MXA_DESC_B_STRIDE,
			MXA_DESC_SA_STRIDE, MXA_DESC_SB_STRIDE,
			MXA_DESC_C_STRIDE, MXA_DESC_D_STRIDE, MXA_DESC_SIZE,
		};
		for (unsigned i = 0; starts[i] < MXA_DESC_SIZE; i++)
			if (first_nonzero < starts[i + 1])
				return starts[i];
		return -1;
	}
	if (d->opcode != MXA_HW_OP_MATMUL)
		return MXA_DESC_OPCODE;
	if (d->flags & ~MXA_DESC_FLAGS_HAS_C_MASK)
		return MXA_DESC_FLAGS;
	if (d->rsvd0)
		return MXA_DESC_RSVD0;
	if (!d->seq)
		return MXA_DESC_SEQ;
	if ((d->pt_root & 0xfff) || (d->pt_root >> sh->pa_bits))
		return MXA_DESC_PT_ROOT;
	if (!d->m || d->m > sh->cap[MXA_CAPIDX_CAP_MAX_M])
		return MXA_DESC_M;
	if (!d->n || d->n > sh->cap[MXA_CAPIDX_CAP_MAX_N])
		return MXA_DESC_N;
	if (!d->k || d->k > sh->cap[MXA_CAPIDX_CAP_MAX_K])
		return MXA_DESC_K;
	if (!format_listed(sh, d->a_fmt, MXA_HW_FMT_ROLE_ELEMENT))
		return MXA_DESC_A_FMT;
	if (!format_listed(sh, d->b_fmt, MXA_HW_FMT_ROLE_ELEMENT))
		return MXA_DESC_B_FMT;
	if (d->scale_mode > MXA_HW_SCALE_NV || !(modes >> d->scale_mode & 1))
		return MXA_DESC_SCALE_MODE;
	if (d->acc_mode > MXA_HW_ACC_EXACT ||
	    !(modes >> (8 + d->acc_mode) & 1) ||
	    (d->acc_mode == MXA_HW_ACC_EXACT &&
	     d->scale_mode != MXA_HW_SCALE_NONE))
		return MXA_DESC_ACC_MODE;
	if (!format_listed(sh, d->out_fmt, MXA_HW_FMT_ROLE_OUTPUT))
		return MXA_DESC_OUT_FMT;
	scaled = d->scale_mode != MXA_HW_SCALE_NONE;
	nv = d->scale_mode == MXA_HW_SCALE_NV;
	bf16 = d->out_fmt == MXA_HW_FMT_BF16;
	bs = sh_block_size(d->scale_mode, d->block);
	nb = sh_scale_bytes(d->k, d->scale_mode, d->block);
	esize = bf16 ? 2 : 4;
	if (d->acc_mode == MXA_HW_ACC_TRUNC) {
		if (d->trunc_w < (trunc & 0xff) || d->trunc_w > (trunc >> 8 & 0xff))
			return MXA_DESC_TRUNC_W;
	} else if (d->trunc_w) {
		return MXA_DESC_TRUNC_W;
	}
	/* BLOCK: 0, or with block scales a power of two in CAP_BLOCK.SIZES */
	if (d->block && (!scaled || (d->block & (d->block - 1)) ||
			 !(sizes >> __builtin_ctz(d->block) & 1)))
		return MXA_DESC_BLOCK;
	if (d->rsvd1)
		return MXA_DESC_RSVD1;
	if (d->acc_mode == MXA_HW_ACC_TRUNC) {
		if (d->trunc_n < bs || d->trunc_n > MXA_HW_TRUNC_N_MAX ||
		    d->trunc_n % bs)
			return MXA_DESC_TRUNC_N;
	} else if (d->trunc_n) {
		return MXA_DESC_TRUNC_N;
	}
	if (nv ? !tscale_ok(d->a_tscale) : d->a_tscale != 0)
		return MXA_DESC_A_TSCALE;
	if (nv ? !tscale_ok(d->b_tscale) : d->b_tscale != 0)
		return MXA_DESC_B_TSCALE;
	if (!va_ok(d->a_addr))
		return MXA_DESC_A_ADDR;
	if (!va_ok(d->b_addr))
		return MXA_DESC_B_ADDR;
	if (scaled ? !va_ok(d->sa_addr) : d->sa_addr != 0)
		return MXA_DESC_SA_ADDR;
	if (scaled ? !va_ok(d->sb_addr) : d->sb_addr != 0)
		return MXA_DESC_SB_ADDR;
	if (has_c ? !va_ok(d->c_addr) || d->c_addr % 4 : d->c_addr != 0)
		return MXA_DESC_C_ADDR;
	if (!va_ok(d->d_addr) || d->d_addr % esize)
		return MXA_DESC_D_ADDR;
	if (d->a_stride < sh_row_bytes(d->k, d->a_fmt))
		return MXA_DESC_A_STRIDE;
	if (d->b_stride < sh_row_bytes(d->k, d->b_fmt))
		return MXA_DESC_B_STRIDE;
	if (scaled ? d->sa_stride < nb : d->sa_stride != 0)
		return MXA_DESC_SA_STRIDE;
	if (scaled ? d->sb_stride < nb : d->sb_stride != 0)
		return MXA_DESC_SB_STRIDE;
	if (has_c ? d->c_stride % 4 || d->c_stride < 4ull * d->n
		  : d->c_stride != 0)
		return MXA_DESC_C_STRIDE;
	if (d->d_stride % esize || d->d_stride < (uint64_t)esize * d->n)
		return MXA_DESC_D_STRIDE;
	return -1;
}

void sh_desc_matmul(struct mxa_hw_desc *d, uint64_t root, uint32_t m,
		    uint32_t n, uint32_t k, unsigned a_fmt, unsigned b_fmt)
{
	memset(d, 0, sizeof(*d));
	d->opcode = MXA_HW_OP_MATMUL;
	d->pt_root = root;
	d->m = m;
	d->n = n;
	d->k = k;
	d->a_fmt = a_fmt;
	d->b_fmt = b_fmt;
	d->scale_mode = MXA_HW_SCALE_NONE;
	d->acc_mode = MXA_HW_ACC_FP32;
	d->out_fmt = MXA_HW_FMT_FP32;
	d->a_stride = (uint32_t)sh_row_bytes(k, a_fmt);
	d->b_stride = (uint32_t)sh_row_bytes(k, b_fmt);
	d->d_stride = 4 * n;
}

uint32_t sh_job_reads(const struct mxa_hw_desc *d, struct sh_row *rows)
{
	bool scaled = d->scale_mode != MXA_HW_SCALE_NONE;
	bool has_c = d->flags & MXA_DESC_FLAGS_HAS_C_MASK;
	uint32_t nb = sh_scale_bytes(d->k, d->scale_mode, d->block);
	const struct {
		bool on;
		uint32_t rows;
		uint64_t addr, len;
		uint32_t stride;
		unsigned stream;
	} s[] = {
		{ true, d->m, d->a_addr, sh_row_bytes(d->k, d->a_fmt),
		  d->a_stride, MXA_HW_STREAM_A },
		{ true, d->n, d->b_addr, sh_row_bytes(d->k, d->b_fmt),
		  d->b_stride, MXA_HW_STREAM_B },
		{ scaled, d->m, d->sa_addr, nb, d->sa_stride, MXA_HW_STREAM_SA },
		{ scaled, d->n, d->sb_addr, nb, d->sb_stride, MXA_HW_STREAM_SB },
		{ has_c, d->m, d->c_addr, 4ull * d->n, d->c_stride,
		  MXA_HW_STREAM_C },
	};
	uint32_t count = 0;

	for (unsigned i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		if (!s[i].on)
			continue;
		for (uint32_t r = 0; r < s[i].rows; r++, count++) {
			if (!rows)
				continue;
			rows[count].va = s[i].addr + (uint64_t)r * s[i].stride;
			rows[count].len = s[i].len;
			rows[count].stream = s[i].stream;
		}
	}
	return count;
}

static uint32_t fmix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 16);
}

uint8_t sh_d_byte(uint32_t digest, uint32_t i, uint64_t j)
{
	uint32_t w = fmix32(digest + i * 0x9e3779b1u +
			    (uint32_t)(j / 4) * 0x85ebca77u);

	return (uint8_t)(w >> (8 * (j % 4)));
}

bool sh_d_strobe(uint32_t i, uint64_t j)
{
	return ((i + j) & 15) != 13;
}

/*
 * The TLB and the walk cache of the MMU, for counting table reads. The read
 * of a leaf returns a bus beat of entries, and every valid leaf among them
 * enters the TLB (a group of data_bytes / 8 neighbouring pages).
 */
struct sh_tlb {
	struct sh *sh;
	uint64_t root;
	uint64_t vpn[SH_TLB_ENTRIES];
	bool valid[SH_TLB_ENTRIES];
	unsigned next;
	bool l2_valid, l1_valid;
	uint64_t l2_tag, l1_tag;
	uint64_t walks, reads;
};

static bool leaf_ok(const struct sh *sh, uint64_t pte)
{
	return (pte & MXA_PTE_V_MASK) && (pte & MXA_PTE_LEAF_MASK) &&
	       !(pte >> 52) && !(pte & 0xff8) &&
	       !((pte & MXA_PTE_ADDR_MASK) >> sh->pa_bits);
}

static void tlb_touch(struct sh_tlb *t, uint64_t va)
{
	uint64_t vpn = va >> 12;
	unsigned group = t->sh->data_bytes / 8;

	for (unsigned i = 0; i < SH_TLB_ENTRIES; i++)
		if (t->valid[i] && t->vpn[i] == vpn)
			return;
	t->walks++;
	if (t->l1_valid && t->l1_tag == va >> 21) {
		t->reads += 1;
	} else if (t->l2_valid && t->l2_tag == va >> 30) {
		t->reads += 2;
	} else {
		t->reads += 3;
		t->l2_valid = true;
		t->l2_tag = va >> 30;
	}
	t->l1_valid = true;
	t->l1_tag = va >> 21;
	for (unsigned k = 0; k < group; k++) {
		uint64_t v = (vpn & ~(uint64_t)(group - 1)) | k;
		uint64_t e = sh_pte_addr(t->sh, t->root, v << 12, 0, false);

		t->valid[t->next] = e && leaf_ok(t->sh, sh_pread64(t->sh, e));
		t->vpn[t->next] = v;
		t->next = (t->next + 1) % SH_TLB_ENTRIES;
	}
}

static void tlb_range(struct sh_tlb *t, uint64_t va, uint64_t len)
{
	for (uint64_t p = va & ~(SH_PAGE - 1); p < va + len; p += SH_PAGE)
		tlb_touch(t, p);
}

void sh_expect_job(struct sh *sh, const struct mxa_hw_desc *d,
		   struct sh_expect *e)
{
	uint32_t nrows = sh_job_reads(d, NULL);
	struct sh_row *rows = calloc(nrows, sizeof(*rows));
	unsigned db = sh->data_bytes;
	uint32_t h = 0x811c9dc5u;
	struct sh_tlb tlb;
	uint64_t beats = 0;
	uint64_t esize = d->out_fmt == MXA_HW_FMT_BF16 ? 2 : 4;

	if (!rows)
		exit(T_FAIL);
	memset(e, 0, sizeof(*e));
	memset(&tlb, 0, sizeof(tlb));
	tlb.sh = sh;
	tlb.root = d->pt_root;
	sh_job_reads(d, rows);
	for (uint32_t r = 0; r < nrows; r++) {
		uint64_t n = (rows[r].len + db - 1) / db * db;
		uint8_t *buf = calloc(n, 1);

		if (!buf)
			exit(T_FAIL);
		sh_vread(sh, d->pt_root, rows[r].va, buf, rows[r].len);
		if (rows[r].stream == MXA_HW_STREAM_A &&
		    d->a_fmt == MXA_HW_FMT_TERNARY && !e->status) {
			for (uint64_t j = 0; j < rows[r].len; j++) {
				uint8_t b = buf[j];
				bool bad = false;

				for (int q = 0; q < 8; q += 2)
					bad |= ((b >> q) & 3) == 2;
				if (bad) {
					e->status = MXA_HW_STATUS_INVALID_CODE;
					e->fault_addr = rows[r].va + j;
					break;
				}
			}
		}
		for (uint64_t w = 0; w < n / 4; w++) {
			uint32_t x;

			memcpy(&x, buf + 4 * w, 4);
			h = (h ^ x) * 0x01000193u;
		}
		free(buf);
		beats += (rows[r].va % db + rows[r].len + db - 1) / db;
		tlb_range(&tlb, rows[r].va, rows[r].len);
	}
	for (uint32_t i = 0; i < d->m; i++) {
		uint64_t len = esize * d->n;

		for (uint64_t j = 0; j < len; j++)
			e->bytes_written += sh_d_strobe(i, j);
		tlb_range(&tlb, d->d_addr + (uint64_t)i * d->d_stride, len);
	}
	e->digest = h;
	e->bytes_read = (beats + tlb.reads) * db;
	e->macs = (uint64_t)d->m * d->n * d->k;
	free(rows);
}

/* D's pages: every byte the job may write and its neighbours. */
static void d_span(const struct mxa_hw_desc *d, uint64_t *va, uint64_t *len)
{
	uint64_t esize = d->out_fmt == MXA_HW_FMT_BF16 ? 2 : 4;
	uint64_t end = d->d_addr + (uint64_t)(d->m - 1) * d->d_stride +
		       esize * d->n;

	*va = d->d_addr & ~(SH_PAGE - 1);
	*len = ((end + SH_PAGE - 1) & ~(SH_PAGE - 1)) - *va;
}

uint8_t *sh_save_d(struct sh *sh, const struct mxa_hw_desc *d)
{
	uint64_t va, len;
	uint8_t *buf;

	d_span(d, &va, &len);
	buf = malloc(len);
	if (!buf)
		exit(T_FAIL);
	sh_vread(sh, d->pt_root, va, buf, len);
	return buf;
}

uint64_t sh_check_d(struct sh *sh, const struct mxa_hw_desc *d,
		    uint32_t digest, const uint8_t *old)
{
	uint64_t esize = d->out_fmt == MXA_HW_FMT_BF16 ? 2 : 4;
	uint64_t row_len = esize * d->n;
	uint64_t va, len, wrong = 0;
	uint8_t *now = sh_save_d(sh, d);

	d_span(d, &va, &len);
	for (uint64_t p = 0; p < len; p++) {
		uint64_t off = va + p - d->d_addr;
		uint8_t want = old[p];

		/* Inside a row of D, with its strobe: the model's byte. */
		if (va + p >= d->d_addr && off / d->d_stride < d->m &&
		    off % d->d_stride < row_len) {
			uint32_t i = (uint32_t)(off / d->d_stride);
			uint64_t j = off % d->d_stride;

			if (sh_d_strobe(i, j))
				want = sh_d_byte(digest, i, j);
		}
		if (now[p] != want) {
			if (!wrong)
				fprintf(stderr, "D at 0x%llx: 0x%02x, want "
					"0x%02x\n", (unsigned long long)(va + p),
					now[p], want);
			wrong++;
		}
	}
	free(now);
	return wrong;
}
