// SPDX-License-Identifier: MIT
// mxa_regs.sv - the register file of docs/hw-interface.md: identification
// and capabilities, control and status, interrupt status/enable and the
// interrupt line, ring configuration, performance counters and the test
// knob. Written and read through mxa_axil_slave's strobes.
module mxa_regs #(
  parameter int unsigned DataBits = 128,
  parameter int unsigned PaBits   = 40,
  parameter bit          Sim      = 1'b0,
  localparam int unsigned AddrBits = mxa_hw_pkg::REG_ADDR_BITS,
  localparam int unsigned DataBytes = DataBits / 8
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,       // external or soft reset

  // register bus from mxa_axil_slave
  input  logic                       we_i,
  input  logic [AddrBits-1:0]        waddr_i,
  input  logic [31:0]                wdata_i,
  input  logic                       re_i,
  input  logic [AddrBits-1:0]        raddr_i,
  output logic [31:0]                rdata_o,

  input  mxa_shell_pkg::caps_t       caps_i,

  // state shown in STATUS, HALT_*, RING_HEAD (from mxa_cmd)
  input  logic                       idle_i,
  input  logic                       busy_i,
  input  logic                       halted_i,
  input  logic [7:0]                 halt_code_i,
  input  logic [63:0]                halt_addr_i,
  input  logic [31:0]                ring_head_i,

  // interrupt causes (one-cycle events) and the end of a job's record
  input  logic                       ev_job_done_i,
  input  logic                       ev_job_error_i,
  input  logic                       ev_halt_i,
  input  logic                       job_retired_i,
  input  logic [63:0]                job_macs_i,

  // per-cycle counts for the PERF_* counters
  input  logic                       cnt_rd_beat_i,
  input  logic [$clog2(DataBytes):0] cnt_wr_bytes_i,
  input  logic                       cnt_dma_stall_i,
  input  logic                       cnt_compute_stall_i,

  // configuration and commands
  output logic                       enable_o,
  output logic                       abort_o,
  output logic                       soft_reset_o,
  output logic [PaBits-1:0]          ring_base_o,
  output logic [3:0]                 ring_log2_o,
  output logic [31:0]                ring_tail_o,
  output logic                       tail_we_o,
  output logic [31:0]                tail_wdata_o,
  output logic [PaBits-1:0]          cmpl_base_o,
  output logic                       test_stall_o,
  output logic                       irq_o
);

  // Bits of a 64-bit address register that exist: page aligned, below
  // 2^PaBits.
  localparam logic [63:0] PaPageMask = ((64'd1 << PaBits) - 64'd1) & ~64'hfff;

  logic        enable_q, abort_q, soft_reset_q, test_stall_q;
  logic [2:0]  int_status_q, int_enable_q;
  logic [63:0] ring_base_q, cmpl_base_q;
  logic [3:0]  ring_log2_q;
  logic [31:0] ring_tail_q;
  logic [63:0] cycles_q, busy_q, dma_stall_q, compute_stall_q;
  logic [63:0] bytes_read_q, bytes_written_q, macs_q, jobs_q;

  // Reading NAME_LO of a counter latches NAME_HI (docs/hw-interface.md 1).
  logic [31:0] hi_latch_q;
  logic [3:0]  hi_latch_id_q;
  logic        hi_latch_valid_q;

  logic        wr_ok;
  logic [2:0]  int_events;
  logic [63:0] ring_base, cmpl_base;
  logic [63:0] rd64;
  logic [3:0]  rd64_id;
  logic        rd_lo, rd_hi;

  // While a soft reset drains the memory bus every write is ignored.
  assign wr_ok = we_i & ~soft_reset_q;
  assign int_events = {ev_halt_i, ev_job_error_i, ev_job_done_i};
  assign ring_base = ring_base_q & PaPageMask;
  assign cmpl_base = cmpl_base_q & PaPageMask;

  assign enable_o     = enable_q;
  assign abort_o      = abort_q;
  assign soft_reset_o = soft_reset_q;
  assign ring_base_o  = ring_base[PaBits-1:0];
  assign ring_log2_o  = ring_log2_q;
  assign ring_tail_o  = ring_tail_q;
  assign tail_we_o    = wr_ok & (waddr_i == mxa_hw_pkg::REG_RING_TAIL);
  assign tail_wdata_o = wdata_i;
  assign cmpl_base_o  = cmpl_base[PaBits-1:0];
  assign test_stall_o = test_stall_q;
  assign irq_o        = |(int_status_q & int_enable_q);

  // ---------------------------------------------------------------- reads
  // 64-bit registers (HALT_ADDR and the counters) by their 8-byte offset:
  // the value and a number that names it for the latch.
  always_comb begin
    rd64    = '0;
    rd64_id = 4'd0;
    unique case ({raddr_i[AddrBits-1:3], 3'b000})
      mxa_hw_pkg::REG_HALT_ADDR_LO: begin
        rd64 = halt_addr_i;      rd64_id = 4'd1;
      end
      mxa_hw_pkg::REG_PERF_CYCLES_LO: begin
        rd64 = cycles_q;         rd64_id = 4'd2;
      end
      mxa_hw_pkg::REG_PERF_BUSY_LO: begin
        rd64 = busy_q;           rd64_id = 4'd3;
      end
      mxa_hw_pkg::REG_PERF_DMA_STALL_LO: begin
        rd64 = dma_stall_q;      rd64_id = 4'd4;
      end
      mxa_hw_pkg::REG_PERF_COMPUTE_STALL_LO: begin
        rd64 = compute_stall_q;  rd64_id = 4'd5;
      end
      mxa_hw_pkg::REG_PERF_BYTES_READ_LO: begin
        rd64 = bytes_read_q;     rd64_id = 4'd6;
      end
      mxa_hw_pkg::REG_PERF_BYTES_WRITTEN_LO: begin
        rd64 = bytes_written_q;  rd64_id = 4'd7;
      end
      mxa_hw_pkg::REG_PERF_MACS_LO: begin
        rd64 = macs_q;           rd64_id = 4'd8;
      end
      mxa_hw_pkg::REG_PERF_JOBS_LO: begin
        rd64 = jobs_q;           rd64_id = 4'd9;
      end
      default: ;
    endcase
  end

  assign rd_lo = rd64_id != 4'd0 && !raddr_i[2];
  assign rd_hi = rd64_id != 4'd0 && raddr_i[2];

  always_comb begin
    unique case (raddr_i)
      mxa_hw_pkg::REG_ID:          rdata_o = mxa_hw_pkg::HW_ID;
      mxa_hw_pkg::REG_VERSION:     rdata_o = mxa_hw_pkg::REG_VERSION_RESET;
      mxa_hw_pkg::REG_CAP_FLAGS:   rdata_o = {31'd0, Sim};
      mxa_hw_pkg::REG_CAP_FORMATS: rdata_o = caps_i.formats;
      mxa_hw_pkg::REG_CAP_FORMATS_SO: rdata_o = caps_i.formats_so;
      mxa_hw_pkg::REG_CAP_MODES:   rdata_o = caps_i.modes;
      mxa_hw_pkg::REG_CAP_ARRAY:   rdata_o = caps_i.array_shape;
      mxa_hw_pkg::REG_CAP_LANE_ELEMS0: rdata_o = caps_i.lane_elems[0*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS1: rdata_o = caps_i.lane_elems[1*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS2: rdata_o = caps_i.lane_elems[2*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS3: rdata_o = caps_i.lane_elems[3*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS4: rdata_o = caps_i.lane_elems[4*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS5: rdata_o = caps_i.lane_elems[5*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS6: rdata_o = caps_i.lane_elems[6*32 +: 32];
      mxa_hw_pkg::REG_CAP_LANE_ELEMS7: rdata_o = caps_i.lane_elems[7*32 +: 32];
      mxa_hw_pkg::REG_CAP_BLOCK:   rdata_o = caps_i.block;
      mxa_hw_pkg::REG_CAP_TRUNC:   rdata_o = caps_i.trunc;
      mxa_hw_pkg::REG_CAP_MAX_M:   rdata_o = caps_i.max_m;
      mxa_hw_pkg::REG_CAP_MAX_N:   rdata_o = caps_i.max_n;
      mxa_hw_pkg::REG_CAP_MAX_K:   rdata_o = caps_i.max_k;
      mxa_hw_pkg::REG_CAP_MEM:
        rdata_o = {16'(DataBits), 8'(mxa_hw_pkg::VA_BITS), 8'(PaBits)};
      mxa_hw_pkg::REG_CAP_BUF:     rdata_o = caps_i.buf_depth;
      mxa_hw_pkg::REG_CTRL:
        rdata_o = {29'd0, soft_reset_q, abort_q, enable_q};
      mxa_hw_pkg::REG_STATUS:      rdata_o = {29'd0, halted_i, busy_i, idle_i};
      mxa_hw_pkg::REG_HALT_CAUSE:  rdata_o = {24'd0, halt_code_i};
      mxa_hw_pkg::REG_INT_STATUS:  rdata_o = {29'd0, int_status_q};
      mxa_hw_pkg::REG_INT_ENABLE:  rdata_o = {29'd0, int_enable_q};
      mxa_hw_pkg::REG_RING_BASE_LO: rdata_o = ring_base[31:0];
      mxa_hw_pkg::REG_RING_BASE_HI: rdata_o = ring_base[63:32];
      mxa_hw_pkg::REG_RING_SIZE:   rdata_o = {28'd0, ring_log2_q};
      mxa_hw_pkg::REG_RING_TAIL:   rdata_o = ring_tail_q;
      mxa_hw_pkg::REG_RING_HEAD:   rdata_o = ring_head_i;
      mxa_hw_pkg::REG_CMPL_BASE_LO: rdata_o = cmpl_base[31:0];
      mxa_hw_pkg::REG_CMPL_BASE_HI: rdata_o = cmpl_base[63:32];
      mxa_hw_pkg::REG_TEST:        rdata_o = {31'd0, test_stall_q};
      default: begin
        if (rd_lo) begin
          rdata_o = rd64[31:0];
        end else if (rd_hi) begin
          rdata_o = (hi_latch_valid_q && hi_latch_id_q == rd64_id)
                  ? hi_latch_q : rd64[63:32];
        end else begin
          rdata_o = '0;
        end
      end
    endcase
  end

  // ---------------------------------------------------------------- state
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      enable_q         <= 1'b0;
      abort_q          <= 1'b0;
      soft_reset_q     <= 1'b0;
      test_stall_q     <= 1'b0;
      int_status_q     <= '0;
      int_enable_q     <= '0;
      ring_base_q      <= '0;
      cmpl_base_q      <= '0;
      ring_log2_q      <= '0;
      ring_tail_q      <= '0;
      hi_latch_q       <= '0;
      hi_latch_id_q    <= '0;
      hi_latch_valid_q <= 1'b0;
    end else begin
      if (re_i && rd_lo) begin
        hi_latch_q       <= rd64[63:32];
        hi_latch_id_q    <= rd64_id;
        hi_latch_valid_q <= 1'b1;
      end

      // An event in the same cycle as a clear wins.
      int_status_q <= (int_status_q
                       & ~((wr_ok && waddr_i == mxa_hw_pkg::REG_INT_STATUS)
                           ? wdata_i[2:0] : 3'd0))
                      | int_events;

      // ABORT acts only on a job in progress and reads 1 until that job's
      // record is written.
      if (job_retired_i) begin
        abort_q <= 1'b0;
      end else if (wr_ok && waddr_i == mxa_hw_pkg::REG_CTRL && wdata_i[1]
                   && busy_i) begin
        abort_q <= 1'b1;
      end

      if (wr_ok) begin
        unique case (waddr_i)
          mxa_hw_pkg::REG_CTRL: begin
            enable_q <= wdata_i[0];
            if (wdata_i[2]) soft_reset_q <= 1'b1;
          end
          mxa_hw_pkg::REG_INT_ENABLE: int_enable_q <= wdata_i[2:0];
          mxa_hw_pkg::REG_RING_BASE_LO:
            if (!enable_q) ring_base_q[31:0] <= wdata_i;
          mxa_hw_pkg::REG_RING_BASE_HI:
            if (!enable_q) ring_base_q[63:32] <= wdata_i;
          mxa_hw_pkg::REG_RING_SIZE:
            if (!enable_q) ring_log2_q <= wdata_i[3:0];
          mxa_hw_pkg::REG_CMPL_BASE_LO:
            if (!enable_q) cmpl_base_q[31:0] <= wdata_i;
          mxa_hw_pkg::REG_CMPL_BASE_HI:
            if (!enable_q) cmpl_base_q[63:32] <= wdata_i;
          mxa_hw_pkg::REG_RING_TAIL: ring_tail_q <= wdata_i;
          mxa_hw_pkg::REG_TEST: test_stall_q <= Sim & wdata_i[0];
          default: ;
        endcase
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycles_q        <= '0;
      busy_q          <= '0;
      dma_stall_q     <= '0;
      compute_stall_q <= '0;
      bytes_read_q    <= '0;
      bytes_written_q <= '0;
      macs_q          <= '0;
      jobs_q          <= '0;
    end else begin
      cycles_q        <= cycles_q + 64'd1;
      busy_q          <= busy_q + 64'(busy_i);
      dma_stall_q     <= dma_stall_q + 64'(cnt_dma_stall_i);
      compute_stall_q <= compute_stall_q + 64'(cnt_compute_stall_i);
      bytes_read_q    <= bytes_read_q + (cnt_rd_beat_i ? 64'(DataBytes) : 64'd0);
      bytes_written_q <= bytes_written_q + 64'(cnt_wr_bytes_i);
      if (job_retired_i) begin
        macs_q <= macs_q + job_macs_i;
        jobs_q <= jobs_q + 64'd1;
      end
    end
  end

endmodule
