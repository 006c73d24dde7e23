// SPDX-License-Identifier: MIT
/*
 * mxa_sim.cpp - the C ABI of sim/mxa_sim.h around one Verilated model of
 * the device (class Vmxa_model, whatever top it was built from), with the
 * AXI4-Lite master that performs register accesses and the AXI4 slave
 * memory model that serves the device's DMA.
 *
 * Each cycle: drive the inputs from the state of the bus models, evaluate
 * with the clock low, take the handshakes (valid and ready both high), raise
 * the clock, then update the bus models with those handshakes.
 */
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <new>
#include <type_traits>

#include <sys/mman.h>

#include "Vmxa_model.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#include "mxa_sim.h"

namespace {

thread_local char last_error[256];

int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -err;
}

// Bus widths come from the model's port types: a VlWide of 32-bit words
// for more than 64 bits, an integer otherwise.
template <std::size_t N> void put_bytes(VlWide<N> &dst, const uint8_t *src)
{
	memcpy(dst.data(), src, N * 4);
}

template <typename T> void put_bytes(T &dst, const uint8_t *src)
{
	memcpy(&dst, src, sizeof(T));
}

template <std::size_t N> void get_bytes(const VlWide<N> &src, uint8_t *dst)
{
	memcpy(dst, src.data(), N * 4);
}

template <typename T> void get_bytes(const T &src, uint8_t *dst)
{
	memcpy(dst, &src, sizeof(T));
}

using RdataT = std::remove_reference<decltype(Vmxa_model::m_axi_rdata_i)>::type;
using WstrbT = std::remove_reference<decltype(Vmxa_model::m_axi_wstrb_o)>::type;
constexpr unsigned kDataBytes = sizeof(RdataT);
static_assert(sizeof(WstrbT) * 8 >= kDataBytes, "one strobe per data byte");

constexpr int kResetCycles = 4;
constexpr unsigned kIds = 2;            // ARID is one bit wide
constexpr size_t kMaxBursts = 64;       // accepted and not yet answered
constexpr uint64_t kRegTimeout = 10000; // cycles for one register access
constexpr uint64_t kDefaultMemSize = 256ull << 20;
constexpr uint32_t kDefaultLatency = 100;

constexpr int kRespOkay = 0;
constexpr int kRespSlverr = 2;
constexpr int kRespDecerr = 3;

struct ReadBurst {
	unsigned id;
	uint64_t addr;      // of the first beat, aligned to a beat
	unsigned beats;
	unsigned sent;
	uint64_t ready;     // first cycle its data may be returned
};

struct WriteBurst {
	uint64_t addr;
	unsigned beats;
	unsigned received;
	int resp;
};

struct WriteResp {
	uint64_t ready;
	int resp;
};

struct RegAccess {
	bool write = false;
	bool addr_pending = false;   // AW or AR not yet taken
	bool data_pending = false;   // W not yet taken
	bool resp_pending = false;   // B or R not yet seen
	uint32_t offset = 0;
	uint32_t wdata = 0;
	uint32_t rdata = 0;
	int resp = 0;
};

} // namespace

struct mxa_sim {
	struct mxa_sim_config cfg;
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vmxa_model> top;
#if VM_TRACE
	std::unique_ptr<VerilatedFstC> fst;
#endif
	uint8_t *mem = nullptr;
	uint64_t cycle = 0;

	std::deque<ReadBurst> reads[kIds];
	unsigned read_count = 0;
	bool r_cur = false;
	unsigned r_id = 0;
	unsigned r_next_id = 0;          // round robin between IDs
	uint8_t r_beat[kDataBytes];
	int r_resp = 0;
	uint64_t rd_tokens = 0;

	std::deque<WriteBurst> writes;   // address taken, data still awaited
	std::deque<WriteResp> resps;
	uint64_t wr_tokens = 0;

	RegAccess reg;

	~mxa_sim();
	int mem_read(uint64_t addr, void *buf, size_t len);
	int mem_write(uint64_t addr, const void *buf, size_t len);
	void drive();
	void step();
	void clear_bus();
	uint64_t bytes_per_cycle() const;
};

mxa_sim::~mxa_sim()
{
	if (top)
		top->final();
#if VM_TRACE
	if (fst)
		fst->close();
#endif
	if (mem)
		munmap(mem, cfg.mem_size);
}

uint64_t mxa_sim::bytes_per_cycle() const
{
	return cfg.mem_bytes_per_cycle ? cfg.mem_bytes_per_cycle : kDataBytes;
}

// The AXI response for what a caller's memory function returned.
static int caller_resp(int ret)
{
	return ret == MXA_SIM_DECERR ? kRespDecerr : ret ? kRespSlverr : kRespOkay;
}

// The memory behind the bus; each returns an AXI response code.
int mxa_sim::mem_read(uint64_t addr, void *buf, size_t len)
{
	if (cfg.mem_read)
		return caller_resp(cfg.mem_read(cfg.mem_ctx, addr, buf, len));
	if (addr >= cfg.mem_size || len > cfg.mem_size - addr) {
		memset(buf, 0, len);
		return kRespDecerr;
	}
	memcpy(buf, mem + addr, len);
	return kRespOkay;
}

int mxa_sim::mem_write(uint64_t addr, const void *buf, size_t len)
{
	if (cfg.mem_write)
		return caller_resp(cfg.mem_write(cfg.mem_ctx, addr, buf, len));
	if (addr >= cfg.mem_size || len > cfg.mem_size - addr)
		return kRespDecerr;
	memcpy(mem + addr, buf, len);
	return kRespOkay;
}

// Sets every input for the coming cycle from the bus models.
void mxa_sim::drive()
{
	Vmxa_model *t = top.get();

	t->s_axil_awaddr_i = reg.offset;
	t->s_axil_araddr_i = reg.offset;
	t->s_axil_wdata_i = reg.wdata;
	t->s_axil_awvalid_i = reg.write && reg.addr_pending;
	t->s_axil_wvalid_i = reg.write && reg.data_pending;
	t->s_axil_arvalid_i = !reg.write && reg.addr_pending;
	t->s_axil_bready_i = 1;
	t->s_axil_rready_i = 1;

	t->m_axi_arready_i = read_count < kMaxBursts;
	if (!r_cur && rd_tokens >= kDataBytes) {
		for (unsigned i = 0; i < kIds; i++) {
			unsigned id = (r_next_id + i) % kIds;

			if (reads[id].empty() || reads[id].front().ready > cycle)
				continue;
			ReadBurst &b = reads[id].front();
			r_resp = mem_read(b.addr + (uint64_t)b.sent * kDataBytes,
					  r_beat, kDataBytes);
			r_id = id;
			r_cur = true;
			break;
		}
	}
	t->m_axi_rvalid_i = r_cur;
	if (r_cur) {
		const ReadBurst &b = reads[r_id].front();

		put_bytes(t->m_axi_rdata_i, r_beat);
		t->m_axi_rid_i = r_id;
		t->m_axi_rresp_i = r_resp;
		t->m_axi_rlast_i = b.sent + 1 == b.beats;
	}

	t->m_axi_awready_i = writes.size() + resps.size() < kMaxBursts;
	t->m_axi_wready_i = !writes.empty() && wr_tokens >= kDataBytes;
	t->m_axi_bvalid_i = !resps.empty() && resps.front().ready <= cycle;
	t->m_axi_bresp_i = resps.empty() ? 0 : resps.front().resp;
}

void mxa_sim::step()
{
	Vmxa_model *t = top.get();

	drive();
	t->clk_i = 0;
	t->eval();
#if VM_TRACE
	if (fst)
		fst->dump(ctx->time());
#endif
	ctx->timeInc(1);

	bool ar_fire = t->m_axi_arvalid_o && t->m_axi_arready_i;
	bool r_fire = t->m_axi_rvalid_i && t->m_axi_rready_o;
	bool aw_fire = t->m_axi_awvalid_o && t->m_axi_awready_i;
	bool w_fire = t->m_axi_wvalid_o && t->m_axi_wready_i;
	bool b_fire = t->m_axi_bvalid_i && t->m_axi_bready_o;
	ReadBurst rb = {(unsigned)t->m_axi_arid_o, 0, 0u, 0u, 0};
	WriteBurst wb = {0, 0u, 0u, kRespOkay};
	uint8_t wdata[kDataBytes];
	uint64_t wstrb = 0;

	if (ar_fire) {
		rb.addr = (uint64_t)t->m_axi_araddr_o & ~(uint64_t)(kDataBytes - 1);
		rb.beats = (unsigned)t->m_axi_arlen_o + 1;
		rb.ready = cycle + cfg.mem_latency;
	}
	if (aw_fire) {
		wb.addr = (uint64_t)t->m_axi_awaddr_o & ~(uint64_t)(kDataBytes - 1);
		wb.beats = (unsigned)t->m_axi_awlen_o + 1;
	}
	if (w_fire) {
		get_bytes(t->m_axi_wdata_o, wdata);
		wstrb = (uint64_t)t->m_axi_wstrb_o;
	}

	bool axil_addr_fire = reg.addr_pending &&
		(reg.write ? t->s_axil_awready_o : t->s_axil_arready_o);
	bool axil_data_fire = reg.write && reg.data_pending && t->s_axil_wready_o;
	bool axil_resp_fire = reg.resp_pending &&
		(reg.write ? (bool)t->s_axil_bvalid_o : (bool)t->s_axil_rvalid_o);
	if (axil_resp_fire) {
		reg.resp = reg.write ? t->s_axil_bresp_o : t->s_axil_rresp_o;
		reg.rdata = t->s_axil_rdata_o;
	}

	t->clk_i = 1;
	t->eval();
#if VM_TRACE
	if (fst)
		fst->dump(ctx->time());
#endif
	ctx->timeInc(1);

	// The register access: address and data, then the response, which
	// cannot come in the cycle the address is taken.
	if (axil_resp_fire && !reg.addr_pending && !reg.data_pending)
		reg.resp_pending = false;
	if (axil_addr_fire)
		reg.addr_pending = false;
	if (axil_data_fire)
		reg.data_pending = false;

	if (ar_fire) {
		reads[rb.id].push_back(rb);
		read_count++;
	}
	if (r_fire) {
		ReadBurst &b = reads[r_id].front();

		rd_tokens -= kDataBytes;
		r_cur = false;
		r_next_id = (r_id + 1) % kIds;
		if (++b.sent == b.beats) {
			reads[r_id].pop_front();
			read_count--;
		}
	}

	if (aw_fire)
		writes.push_back(wb);
	if (w_fire) {
		WriteBurst &b = writes.front();
		uint64_t addr = b.addr + (uint64_t)b.received * kDataBytes;

		// Each run of enabled bytes is one access.
		for (unsigned i = 0; i < kDataBytes;) {
			if (!(wstrb >> i & 1)) {
				i++;
				continue;
			}
			unsigned j = i;
			while (j < kDataBytes && (wstrb >> j & 1))
				j++;
			int resp = mem_write(addr + i, wdata + i, j - i);
			if (resp > b.resp)
				b.resp = resp;
			i = j;
		}
		wr_tokens -= kDataBytes;
		if (++b.received == b.beats) {
			resps.push_back({cycle + cfg.mem_latency, b.resp});
			writes.pop_front();
		}
	}
	if (b_fire)
		resps.pop_front();

	// Bandwidth: a budget of bytes per cycle that cannot pile up beyond
	// one cycle's worth and one beat.
	uint64_t bpc = bytes_per_cycle();
	uint64_t cap = bpc + kDataBytes;
	rd_tokens = rd_tokens + bpc > cap ? cap : rd_tokens + bpc;
	wr_tokens = wr_tokens + bpc > cap ? cap : wr_tokens + bpc;
	cycle++;
}

void mxa_sim::clear_bus()
{
	for (auto &q : reads)
		q.clear();
	read_count = 0;
	r_cur = false;
	writes.clear();
	resps.clear();
	reg = RegAccess();
}

extern "C" {

void mxa_sim_config_init(struct mxa_sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_size = kDefaultMemSize;
	cfg->mem_latency = kDefaultLatency;
}

int mxa_sim_reset(struct mxa_sim *sim)
{
	if (!sim)
		return fail(EINVAL, "mxa_sim_reset: no device");
	sim->top->rst_ni = 0;
	for (int i = 0; i < kResetCycles; i++)
		sim->step();
	sim->clear_bus();
	sim->top->rst_ni = 1;
	sim->step();
	return 0;
}

int mxa_sim_create(const struct mxa_sim_config *cfg, struct mxa_sim **simp)
{
	struct mxa_sim_config defaults;
	const char *trace;

	if (!simp)
		return fail(EINVAL, "mxa_sim_create: no place for the device");
	*simp = nullptr;
	if (!cfg) {
		mxa_sim_config_init(&defaults);
		cfg = &defaults;
	}
	if (!cfg->mem_latency)
		return fail(EINVAL, "memory latency must be at least 1 cycle");
	if (!cfg->mem_read != !cfg->mem_write)
		return fail(EINVAL, "give both memory callbacks or neither");
	if (!cfg->mem_read && !cfg->mem_size)
		return fail(EINVAL, "built-in memory of 0 bytes");

	std::unique_ptr<mxa_sim> sim(new (std::nothrow) mxa_sim());
	if (!sim)
		return fail(ENOMEM, "out of memory for the device");
	sim->cfg = *cfg;
	sim->cfg.trace_path = nullptr;
	if (!cfg->mem_read) {
		void *p = mmap(nullptr, cfg->mem_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			       -1, 0);
		if (p == MAP_FAILED)
			return fail(ENOMEM, "cannot map %llu bytes of memory",
				    (unsigned long long)cfg->mem_size);
		sim->mem = static_cast<uint8_t *>(p);
	}

	sim->ctx.reset(new VerilatedContext);
	/*
	 * The models are verilated single-threaded. Left at its default (the
	 * machine's hardware threads), the context would start that many
	 * idle worker threads less one with the model: wasted in every
	 * process, and in mxa-simd the last thread to exit would be one of
	 * them, closing /dev/mxa-sim after the process looks gone.
	 */
	sim->ctx->threads(1);
#if VM_TRACE
	sim->ctx->traceEverOn(true);
#endif
	sim->top.reset(new Vmxa_model(sim->ctx.get(), "mxa"));

	trace = cfg->trace_path;
	if (!trace) {
		trace = getenv("MXA_TRACE");
		if (trace && !*trace)
			trace = nullptr;
	}
	if (trace) {
		int err = mxa_sim_trace_start(sim.get(), trace);
		if (err)
			return err;
	}

	sim->top->clk_i = 0;
	mxa_sim_reset(sim.get());
	*simp = sim.release();
	return 0;
}

void mxa_sim_destroy(struct mxa_sim *sim)
{
	delete sim;
}

static int reg_access(struct mxa_sim *sim, uint32_t offset, bool write,
		      uint32_t wdata, uint32_t *rdata)
{
	uint64_t start = sim->cycle;

	if (offset & 3 || offset >= 0x1000)
		return fail(EINVAL, "register offset 0x%x is not an aligned "
			    "offset of the register window", offset);
	sim->reg.write = write;
	sim->reg.offset = offset;
	sim->reg.wdata = wdata;
	sim->reg.addr_pending = true;
	sim->reg.data_pending = write;
	sim->reg.resp_pending = true;
	while (sim->reg.resp_pending) {
		if (sim->cycle - start > kRegTimeout) {
			sim->reg = RegAccess();
			return fail(ETIMEDOUT, "register %s at 0x%x got no "
				    "response in %llu cycles",
				    write ? "write" : "read", offset,
				    (unsigned long long)kRegTimeout);
		}
		sim->step();
	}
	if (sim->reg.resp)
		return fail(EIO, "register %s at 0x%x: bus response %d",
			    write ? "write" : "read", offset, sim->reg.resp);
	if (rdata)
		*rdata = sim->reg.rdata;
	return 0;
}

int mxa_sim_reg_read(struct mxa_sim *sim, uint32_t offset, uint32_t *value)
{
	if (!sim || !value)
		return fail(EINVAL, "mxa_sim_reg_read: no device or no value");
	return reg_access(sim, offset, false, 0, value);
}

int mxa_sim_reg_write(struct mxa_sim *sim, uint32_t offset, uint32_t value)
{
	if (!sim)
		return fail(EINVAL, "mxa_sim_reg_write: no device");
	return reg_access(sim, offset, true, value, nullptr);
}

int mxa_sim_run(struct mxa_sim *sim, uint64_t cycles)
{
	if (!sim)
		return fail(EINVAL, "mxa_sim_run: no device");
	for (uint64_t i = 0; i < cycles; i++)
		sim->step();
	return 0;
}

int mxa_sim_run_until_irq(struct mxa_sim *sim, uint64_t max_cycles,
			  uint64_t *ran)
{
	uint64_t n = 0;

	if (!sim)
		return fail(EINVAL, "mxa_sim_run_until_irq: no device");
	while (!sim->top->irq_o && n < max_cycles) {
		sim->step();
		n++;
	}
	if (ran)
		*ran = n;
	if (!sim->top->irq_o)
		return fail(ETIMEDOUT, "no interrupt in %llu cycles",
			    (unsigned long long)max_cycles);
	return 0;
}

int mxa_sim_irq(const struct mxa_sim *sim)
{
	return sim && sim->top->irq_o ? 1 : 0;
}

uint64_t mxa_sim_cycles(const struct mxa_sim *sim)
{
	return sim ? sim->cycle : 0;
}

int mxa_sim_mem_read(struct mxa_sim *sim, uint64_t addr, void *buf,
		     size_t len)
{
	if (!sim || (!buf && len))
		return fail(EINVAL, "mxa_sim_mem_read: no device or buffer");
	if (sim->mem_read(addr, buf, len))
		return fail(EFAULT, "memory read of %zu bytes at 0x%llx "
			    "failed", len, (unsigned long long)addr);
	return 0;
}

int mxa_sim_mem_write(struct mxa_sim *sim, uint64_t addr, const void *buf,
		      size_t len)
{
	if (!sim || (!buf && len))
		return fail(EINVAL, "mxa_sim_mem_write: no device or buffer");
	if (sim->mem_write(addr, buf, len))
		return fail(EFAULT, "memory write of %zu bytes at 0x%llx "
			    "failed", len, (unsigned long long)addr);
	return 0;
}

int mxa_sim_trace_start(struct mxa_sim *sim, const char *path)
{
	if (!sim || !path || !*path)
		return fail(EINVAL, "mxa_sim_trace_start: no device or path");
#if VM_TRACE
	if (sim->fst)
		return fail(EBUSY, "a waveform is already being written");
	std::unique_ptr<VerilatedFstC> fst(new VerilatedFstC);
	sim->top->trace(fst.get(), 99);
	fst->open(path);
	if (!fst->isOpen())
		return fail(EIO, "cannot open waveform file %s", path);
	sim->fst = std::move(fst);
	return 0;
#else
	return fail(ENOTSUP, "this simulation library was built without "
		    "waveform tracing; cannot write %s", path);
#endif
}

int mxa_sim_trace_stop(struct mxa_sim *sim)
{
	if (!sim)
		return fail(EINVAL, "mxa_sim_trace_stop: no device");
#if VM_TRACE
	if (sim->fst) {
		sim->fst->close();
		sim->fst.reset();
	}
#endif
	return 0;
}

const char *mxa_sim_last_error(void)
{
	return last_error;
}

} // extern "C"
