// SPDX-License-Identifier: MIT
// mxa_engine.sv - the compute engine of mxa: it takes a validated MATMUL job
// from the shell (docs/rtl-shell.md 3), reads its operands through the
// shell's read port into double-buffered operand memories, streams them
// through the Rows x Cols output-stationary array of dot-product units and
// writes D through the write port. docs/rtl-engine.md describes the
// dataflow, the tiling and the buffer sizes.
//
//   read port ─► load ─► A memories (Rows) ─► feeders ─┐
//   (walker 1   (walker  B memories (Cols) ─► feeders ─┼─► array ─► writer ─► write port
//    issues)     2)      C buffer ─────────────────────┘   (Rows x Cols)
//                            ▲ full/release ▼
//                         sequencer (tiles, beats)
//
// A panel of Rows rows of A stays in an A bank while every tile of Cols
// columns of B streams past it; the next panel loads into the other bank
// meanwhile, and D is written row by row. K is bounded by the banks: K <= BufDepth x LaneBits / 8
// (CAP_MAX_K), since a unit cannot hand its running sum back.
module mxa_engine #(
  parameter int unsigned Rows      = 8,
  parameter int unsigned Cols      = 2,
  parameter int unsigned LaneBits  = 64,   // operand bits per unit and cycle
  parameter int unsigned DataBits  = 256,  // the shell's bus width
  parameter int unsigned BufDepth  = 512,  // LaneBits entries per row and bank
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter bit          TruncMode = 1'b1,
  parameter bit          ExactMode = 1'b1,
  parameter int unsigned ResDepth  = 32,   // result tiles queued for writing
  // Block sizes along K a job may ask for with MX or NV scales
  // (CAP_BLOCK.SIZES, bit i for 2^i): 8, 16, 32 and 64 by default; 16 and
  // 32, the standard sizes, are always there (docs/rtl-engine.md 6).
  parameter logic [7:0]  BlockSizes = 8'h78,
  localparam int unsigned DataBytes = DataBits / 8
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    flush_i,
  output mxa_shell_pkg::caps_t    caps_o,

  input  logic                    job_valid_i,
  output logic                    job_ready_o,
  input  mxa_hw_pkg::desc_t       job_i,
  output logic                    done_valid_o,
  input  logic                    done_ready_i,
  output mxa_shell_pkg::job_end_t done_o,
  output logic [63:0]             macs_o,
  output logic                    dma_stall_o,
  output logic                    compute_stall_o,

  output logic                    rd_req_valid_o,
  input  logic                    rd_req_ready_i,
  output mxa_shell_pkg::mem_req_t rd_req_o,
  input  logic                    rd_valid_i,
  output logic                    rd_ready_o,
  input  logic [DataBits-1:0]     rd_data_i,
  input  logic                    rd_last_i,

  output logic                    wr_req_valid_o,
  input  logic                    wr_req_ready_i,
  output mxa_shell_pkg::mem_req_t wr_req_o,
  output logic                    wr_valid_o,
  input  logic                    wr_ready_i,
  output logic [DataBits-1:0]     wr_data_o,
  output logic [DataBytes-1:0]    wr_strb_o,
  input  logic                    wr_done_i
);

  // ---------------------------------------------------------------- sizes
  localparam int unsigned Lanes     = mxa_dpu_pkg::max_lanes(LaneBits);
  localparam int unsigned CntBits   = $clog2(Lanes + 1);
  localparam int unsigned MaxK      = BufDepth * LaneBits / 8;
  localparam int unsigned KBits     = $clog2(MaxK + 1);
  localparam int unsigned Words     = BufDepth * LaneBits / DataBits;
  localparam int unsigned WBits     = $clog2(Words);
  localparam int unsigned MinBlock  = mxa_eng_pkg::block_min(BlockSizes);
  localparam int unsigned MaxBlock  = mxa_eng_pkg::block_max(BlockSizes);
  localparam int unsigned MaxBlocks = (MaxK + MinBlock - 1) / MinBlock;
  localparam int unsigned BlkBits   = $clog2(MaxBlocks + 1);
  localparam int unsigned SWords    =
      mxa_eng_pkg::pow2_at_least((MaxBlocks + DataBytes - 1) / DataBytes);
  localparam int unsigned RBits     = $clog2(Rows + 1);
  localparam int unsigned CBits     = $clog2(Cols + 1);
  localparam int unsigned IdxBits   = mxa_eng_pkg::idx_bits(Rows, Cols);
  localparam int unsigned UnitBits  = Rows * Cols * 32;
  // M and N are bounded so that M x N x K and every counter fit 64 bits.
  localparam logic [31:0] MaxMN     = 32'h0100_0000;

  if (Rows < 1 || Rows > 255 || Cols < 1 || Cols > 255) begin : g_check_shape
    $error("mxa_engine: Rows and Cols must be 1 ... 255");
  end
  if ((1 << $clog2(LaneBits)) != LaneBits || LaneBits < 16 || LaneBits >= DataBits)
  begin : g_check_lanes
    $error("mxa_engine: LaneBits must be a power of two, 16 ... DataBits / 2");
  end
  if ((1 << WBits) != Words || Words < 4) begin : g_check_depth
    $error("mxa_engine: BufDepth x LaneBits / DataBits must be a power of two, at least 4");
  end
  if (MaxK < 64 || MaxK >= (1 << 20)) begin : g_check_k
    $error("mxa_engine: BufDepth x LaneBits / 8 (the largest K) must be 64 ... 2^20 - 1");
  end
  if ((BlockSizes & 8'h30) != 8'h30 || (BlockSizes & 8'h87) != '0) begin : g_check_blocks
    $error("mxa_engine: BlockSizes must hold 16 and 32 and nothing but 8 ... 64");
  end
  localparam bit Base3 = mxa_eng_pkg::has_b3(32'(Formats));

  // The element formats the loader can validate: besides ternary's code 10
  // (mxa_eng_load) every code of the format must be valid, so a float's
  // sign, exponent and mantissa fill its bits.
  for (genvar f = 0; f < mxa_dpu_pkg::num_elem_fmts(); f++) begin : g_check_fmt
    if (Formats[f] && mxa_hw_pkg::fmt_encoding(f) == mxa_hw_pkg::FMT_ENC_FLOAT
        && mxa_hw_pkg::fmt_signed(f) + mxa_hw_pkg::fmt_exp_bits(f)
           + mxa_hw_pkg::fmt_man_bits(f) != mxa_hw_pkg::fmt_bits(f)) begin : g_bad
      $error("mxa_engine: format %0d has invalid codes that the loader does not check", f);
    end
  end

  // ---------------------------------------------------------------- caps
  // Elements per cycle of each element format (CAP_LANE_ELEMS0 to 7, a
  // byte per format): the unit's rate.
  localparam logic [255:0] LaneElems = mxa_eng_pkg::lane_elems(32'(Formats), LaneBits);

  assign caps_o = {
    // CAP_FORMATS: the element formats built
    32'(Formats),
    // CAP_FORMATS_SO: outputs BF16 and FP32 (bits 0 and 1 of OUT), scales
    // E8M0 and UE4M3 (bits 0 and 1 of SCALE)
    {16'h0003, 16'h0003},
    // CAP_MODES: accumulation FP32 (TRUNC, EXACT as built), scales all three
    {16'd0, 5'd0, ExactMode, TruncMode, 1'b1, 8'b0000_0111},
    {16'(LaneBits), 8'(Cols), 8'(Rows)},
    LaneElems,
    // CAP_BLOCK: the sizes a job may ask for; the standard sizes of NV, MX
    // and none (docs/numerics.md 2)
    {BlockSizes, 8'(mxa_hw_pkg::REG_CAP_BLOCK_NV_RESET),
     8'(mxa_hw_pkg::REG_CAP_BLOCK_MX_RESET),
     8'(mxa_hw_pkg::REG_CAP_BLOCK_NONE_RESET)},
    TruncMode ? {16'd0, 8'd32, 8'd4} : 32'd0,
    MaxMN,
    MaxMN,
    32'(MaxK),
    32'(BufDepth)
  };

  // ---------------------------------------------------------------- job
  typedef enum logic [1:0] {
    E_IDLE,
    E_START,
    E_RUN,
    E_DONE
  } state_e;

  state_e               st_q;
  logic                 kill, kill_q, job_fire;

  mxa_hw_pkg::fmt_e     a_fmt_q, b_fmt_q;
  mxa_hw_pkg::scale_e   scale_q;
  mxa_hw_pkg::acc_e     acc_q;
  logic [5:0]           trunc_w_q;
  logic [13:0]          trunc_blocks_q;
  logic [2:0]           bs_log_q;          // the job's block size: 2^bs_log
  logic                 a_b3_q, b_b3_q;
  logic [KBits-1:0]     b3_bytes_q;        // base 3: bytes of a row
  logic [31:0]          g_q;
  logic [31:0]          m_q, n_q;
  logic [KBits-1:0]     k_q;
  logic [3:0]           a_bits_q, b_bits_q;
  logic [CntBits-1:0]   rate_q;
  logic                 nv_q, scaled_q, has_c_q, bf16_q, a_tern_q, b_tern_q;
  logic [63:0]          a_addr_q, b_addr_q, sa_addr_q, sb_addr_q, c_addr_q, d_addr_q;
  logic [31:0]          a_stride_q, b_stride_q, sa_stride_q, sb_stride_q;
  logic [31:0]          c_stride_q, d_stride_q;
  logic [31:0]          a_len_q, b_len_q, s_len_q;
  logic [63:0]          macs_q;
  mxa_shell_pkg::job_end_t end_q;

  // What the descriptor implies, registered with it.
  mxa_hw_pkg::fmt_e     j_a_fmt, j_b_fmt;
  mxa_hw_pkg::scale_e   j_scale;
  mxa_hw_pkg::acc_e     j_acc;
  logic [3:0]           j_a_bits, j_b_bits;
  logic [CntBits-1:0]   j_a_rate, j_b_rate;
  logic                 j_nv, j_a_tern, j_b_tern, j_a_b3, j_b_b3;
  logic [31:0]          j_ga, j_gb, j_g, j_a_len, j_b_len, j_b3_len;
  logic [2:0]           j_bs_log;
  logic [31:0]          j_bs;

  assign j_a_fmt  = mxa_eng_pkg::to_fmt(job_i.a_fmt);
  assign j_b_fmt  = mxa_eng_pkg::to_fmt(job_i.b_fmt);
  assign j_scale  = mxa_eng_pkg::to_scale(job_i.scale_mode);
  assign j_acc    = mxa_eng_pkg::to_acc(job_i.acc_mode);
  // Base 3: ceil(K / 5) bytes a row (K < 2^20 once validated).
  assign j_a_b3   = mxa_eng_pkg::elem_b3(job_i.a_fmt);
  assign j_b_b3   = mxa_eng_pkg::elem_b3(job_i.b_fmt);
  assign j_b3_len = 32'(mxa_eng_pkg::div5(21'(job_i.k) + 21'd4));
  assign j_a_len  = j_a_b3 ? j_b3_len : mxa_eng_pkg::row_bytes(job_i.k, j_a_bits);
  assign j_b_len  = j_b_b3 ? j_b3_len : mxa_eng_pkg::row_bytes(job_i.k, j_b_bits);

  assign j_a_bits = mxa_eng_pkg::elem_bits(job_i.a_fmt);
  assign j_b_bits = mxa_eng_pkg::elem_bits(job_i.b_fmt);
  // The ternary encoding has an invalid code (10) for the loader to find
  // in a dense row (a base-3 row has invalid bytes instead).
  assign j_a_tern = mxa_hw_pkg::fmt_encoding(32'(job_i.a_fmt)) == mxa_hw_pkg::FMT_ENC_TERNARY
                    && !j_a_b3;
  assign j_b_tern = mxa_hw_pkg::fmt_encoding(32'(job_i.b_fmt)) == mxa_hw_pkg::FMT_ENC_TERNARY
                    && !j_b_b3;
  assign j_nv     = job_i.scale_mode == 8'(mxa_hw_pkg::SCALE_NV);

  // The block size: BLOCK (validation leaves a power of two of BlockSizes,
  // and 0 without block scales), else the standard size of the scale mode,
  // 16 for NV and 32 for MX and none.
  always_comb begin
    j_bs_log = j_nv ? 3'd4 : 3'd5;
    for (int unsigned i = 3; i <= 6; i++) begin
      if (BlockSizes[i] && job_i.block == 8'(1 << i)) j_bs_log = 3'(i);
    end
  end
  assign j_bs = 32'd1 << j_bs_log;
  // g = ga x gb, an absent per-tensor scale (0) being 1.
  assign j_ga     = job_i.a_tscale == '0 ? 32'h3f80_0000 : job_i.a_tscale;
  assign j_gb     = job_i.b_tscale == '0 ? 32'h3f80_0000 : job_i.b_tscale;

  mxa_fp32_mul u_g (
    .a_i (j_ga),
    .b_i (j_gb),
    .p_o (j_g)
  );

  // Pairs per beat of an operand of each element width (docs/rtl-dpu.md 1).
  localparam logic [8:0]  Widths   = mxa_eng_pkg::elem_widths();
  localparam int unsigned MinWidth = mxa_eng_pkg::elem_width_min();
  logic [9*CntBits-1:0] width_rate;

  for (genvar w = 0; w <= 8; w++) begin : g_rate
    assign width_rate[w*CntBits +: CntBits] = CntBits'(mxa_dpu_pkg::rate(w, LaneBits));
  end

  always_comb begin
    j_a_rate = width_rate[MinWidth*CntBits +: CntBits];
    j_b_rate = width_rate[MinWidth*CntBits +: CntBits];
    for (int unsigned w = MinWidth + 1; w <= 8; w++) begin
      if (Widths[w] && j_a_bits == 4'(w)) j_a_rate = width_rate[w*CntBits +: CntBits];
      if (Widths[w] && j_b_bits == 4'(w)) j_b_rate = width_rate[w*CntBits +: CntBits];
    end
  end

  logic arr_idle;

  assign job_ready_o = st_q == E_IDLE && !kill_q && arr_idle;
  assign job_fire    = job_valid_i && job_ready_o;
  assign done_valid_o = st_q == E_DONE;
  assign done_o       = end_q;
  assign macs_o       = macs_q;
  assign kill         = flush_i || (done_valid_o && done_ready_i);

  logic start;
  assign start = st_q == E_START;

  // ---------------------------------------------------------------- reads
  logic                 w1_valid, w2_valid, w2_next, w2_bank, w2_last;
  logic [2:0]           w1_stream, w2_stream;
  logic [IdxBits-1:0]   w2_idx;
  logic [63:0]          w1_addr, w2_addr;
  logic [31:0]          w1_len;

  mxa_eng_walk #(
    .Rows (Rows),
    .Cols (Cols)
  ) u_issue (
    .clk_i,
    .rst_ni,
    .clr_i        (kill),
    .start_i      (start),
    .next_i       (rd_req_valid_o && rd_req_ready_i),
    .m_i          (m_q),
    .n_i          (n_q),
    .scaled_i     (scaled_q),
    .has_c_i      (has_c_q),
    .a_addr_i     (a_addr_q),
    .b_addr_i     (b_addr_q),
    .sa_addr_i    (sa_addr_q),
    .sb_addr_i    (sb_addr_q),
    .c_addr_i     (c_addr_q),
    .a_stride_i   (a_stride_q),
    .b_stride_i   (b_stride_q),
    .sa_stride_i  (sa_stride_q),
    .sb_stride_i  (sb_stride_q),
    .c_stride_i   (c_stride_q),
    .a_len_i      (a_len_q),
    .b_len_i      (b_len_q),
    .s_len_i      (s_len_q),
    .valid_o      (w1_valid),
    .stream_o     (w1_stream),
    .idx_o        (),
    .bank_o       (),
    .addr_o       (w1_addr),
    .len_o        (w1_len),
    .group_last_o ()
  );

  assign rd_req_valid_o = w1_valid;
  assign rd_req_o       = {w1_addr, w1_len, w1_stream};

  mxa_eng_walk #(
    .Rows (Rows),
    .Cols (Cols)
  ) u_follow (
    .clk_i,
    .rst_ni,
    .clr_i        (kill),
    .start_i      (start),
    .next_i       (w2_next),
    .m_i          (m_q),
    .n_i          (n_q),
    .scaled_i     (scaled_q),
    .has_c_i      (has_c_q),
    .a_addr_i     (a_addr_q),
    .b_addr_i     (b_addr_q),
    .sa_addr_i    (sa_addr_q),
    .sb_addr_i    (sb_addr_q),
    .c_addr_i     (c_addr_q),
    .a_stride_i   (a_stride_q),
    .b_stride_i   (b_stride_q),
    .sa_stride_i  (sa_stride_q),
    .sb_stride_i  (sb_stride_q),
    .c_stride_i   (c_stride_q),
    .a_len_i      (a_len_q),
    .b_len_i      (b_len_q),
    .s_len_i      (s_len_q),
    .valid_o      (w2_valid),
    .stream_o     (w2_stream),
    .idx_o        (w2_idx),
    .bank_o       (w2_bank),
    .addr_o       (w2_addr),
    .len_o        (),
    .group_last_o (w2_last)
  );

  logic [1:0]           a_full, b_full;
  logic                 a_rel, b_rel;
  logic [Rows-1:0]      w_a, w_sa;
  logic [Cols-1:0]      w_b, w_sb;
  logic                 w_c, w_bank;
  logic [IdxBits-1:0]   w_idx;
  logic [WBits-1:0]     w_word;
  logic [DataBits-1:0]  w_data;
  logic                 ld_err, ld_stall;
  logic [2:0]           ld_err_stream;
  logic [63:0]          ld_err_addr;

  // S0 of the beat (sequencer)
  logic                 s0_valid, s0_first, s0_bend, s0_last, s0_abank, s0_bbank;
  logic [KBits-1:0]     s0_k0;
  logic [CntBits-1:0]   s0_count;
  logic [BlkBits-1:0]   s0_blk;
  logic [RBits-1:0]     s0_rows;
  logic [CBits-1:0]     s0_cols;
  logic                 seq_stall, wr_credit, wr_done_all;

  mxa_eng_load #(
    .Rows     (Rows),
    .Cols     (Cols),
    .DataBits (DataBits),
    .WBits    (WBits),
    .KBits    (KBits)
  ) u_load (
    .clk_i,
    .rst_ni,
    .clr_i            (kill),
    .start_i          (start),
    .k_i              (k_q),
    .a_tern_i         (a_tern_q),
    .b_tern_i         (b_tern_q),
    .a_b3_i           (a_b3_q),
    .b_b3_i           (b_b3_q),
    .b3_bytes_i       (b3_bytes_q),
    .nv_i             (nv_q),
    .item_valid_i     (w2_valid),
    .item_stream_i    (w2_stream),
    .item_idx_i       (w2_idx),
    .item_bank_i      (w2_bank),
    .item_addr_i      (w2_addr),
    .item_last_i      (w2_last),
    .item_next_o      (w2_next),
    .rd_valid_i,
    .rd_ready_o,
    .rd_data_i,
    .rd_last_i,
    .a_release_i      (a_rel),
    .a_release_bank_i (s0_abank),
    .b_release_i      (b_rel),
    .b_release_bank_i (s0_bbank),
    .a_full_o         (a_full),
    .b_full_o         (b_full),
    .w_a_o            (w_a),
    .w_sa_o           (w_sa),
    .w_b_o            (w_b),
    .w_sb_o           (w_sb),
    .w_c_o            (w_c),
    .w_idx_o          (w_idx),
    .w_bank_o         (w_bank),
    .w_word_o         (w_word),
    .w_data_o         (w_data),
    .err_o            (ld_err),
    .err_stream_o     (ld_err_stream),
    .err_addr_o       (ld_err_addr),
    .stall_o          (ld_stall)
  );

  // ---------------------------------------------------------------- beats
  mxa_eng_seq #(
    .Rows    (Rows),
    .Cols    (Cols),
    .KBits   (KBits),
    .CntBits (CntBits),
    .BlkBits (BlkBits),
    .Credits (ResDepth)
  ) u_seq (
    .clk_i,
    .rst_ni,
    .clr_i       (kill),
    .start_i     (start),
    .m_i         (m_q),
    .n_i         (n_q),
    .k_i         (k_q),
    .rate_i      (rate_q),
    .bs_log_i    (bs_log_q),
    .a_full_i    (a_full),
    .b_full_i    (b_full),
    .credit_i    (wr_credit),
    .valid_o     (s0_valid),
    .k0_o        (s0_k0),
    .count_o     (s0_count),
    .first_o     (s0_first),
    .block_end_o (s0_bend),
    .last_o      (s0_last),
    .blk_o       (s0_blk),
    .a_bank_o    (s0_abank),
    .b_bank_o    (s0_bbank),
    .rows_o      (s0_rows),
    .cols_o      (s0_cols),
    .a_release_o (a_rel),
    .b_release_o (b_rel),
    .stall_o     (seq_stall)
  );

  // Base 3: the byte and digit of the beat's first element, k0 / 5 and
  // k0 mod 5, for every feeder.
  logic [KBits-1:0]     s0_b3_byte;
  logic [2:0]           s0_b3_digit;

  if (Base3) begin : g_b3
    logic [20:0] q;
    assign q           = mxa_eng_pkg::div5(21'(s0_k0));
    assign s0_b3_byte  = KBits'(q);
    assign s0_b3_digit = 3'(21'(s0_k0) - 21'(5 * q));
  end else begin : g_no_b3
    assign s0_b3_byte  = '0;
    assign s0_b3_digit = '0;
  end

  logic [Rows*Lanes*8-1:0] a_codes;
  logic [Cols*Lanes*8-1:0] b_codes;
  logic [Rows*8-1:0]       a_scales;
  logic [Cols*8-1:0]       b_scales;

  for (genvar r = 0; r < Rows; r++) begin : g_a
    mxa_eng_feed #(
      .LaneBits (LaneBits),
      .DataBits (DataBits),
      .Words    (Words),
      .SWords   (SWords),
      .KBits    (KBits),
      .BlkBits  (BlkBits),
      .Base3    (Base3)
    ) u_feed (
      .clk_i,
      .rst_ni,
      .we_i     (w_a[r]),
      .swe_i    (w_sa[r]),
      .wbank_i  (w_bank),
      .wword_i  (w_word),
      .wdata_i  (w_data),
      .rbank_i  (s0_abank),
      .k0_i     (s0_k0),
      .width_i  (a_bits_q),
      .blk_i    (s0_blk),
      .valid_i  (s0_valid && 32'(s0_rows) > r),
      .b3_i     (a_b3_q),
      .b3_byte_i (s0_b3_byte),
      .b3_digit_i (s0_b3_digit),
      .codes_o  (a_codes[r*Lanes*8 +: Lanes*8]),
      .scale_o  (a_scales[8*r +: 8])
    );
  end

  for (genvar c = 0; c < Cols; c++) begin : g_b
    mxa_eng_feed #(
      .LaneBits (LaneBits),
      .DataBits (DataBits),
      .Words    (Words),
      .SWords   (SWords),
      .KBits    (KBits),
      .BlkBits  (BlkBits),
      .Base3    (Base3)
    ) u_feed (
      .clk_i,
      .rst_ni,
      .we_i     (w_b[c]),
      .swe_i    (w_sb[c]),
      .wbank_i  (w_bank),
      .wword_i  (w_word),
      .wdata_i  (w_data),
      .rbank_i  (s0_bbank),
      .k0_i     (s0_k0),
      .width_i  (b_bits_q),
      .blk_i    (s0_blk),
      .valid_i  (s0_valid && 32'(s0_cols) > c),
      .b3_i     (b_b3_q),
      .b3_byte_i (s0_b3_byte),
      .b3_digit_i (s0_b3_digit),
      .codes_o  (b_codes[c*Lanes*8 +: Lanes*8]),
      .scale_o  (b_scales[8*c +: 8])
    );
  end

  logic [UnitBits-1:0] c_s1;

  mxa_eng_cbuf #(
    .Rows     (Rows),
    .Cols     (Cols),
    .DataBits (DataBits),
    .WBits    (WBits)
  ) u_cbuf (
    .clk_i,
    .rst_ni,
    .we_i    (w_c),
    .wbank_i (w_bank),
    .widx_i  (w_idx),
    .wword_i (w_word),
    .wdata_i (w_data),
    .rbank_i (s0_bbank),
    .c_o     (c_s1)
  );

  // The beat's control follows its codes through S1 and S2.
  logic                 s1_valid, s1_first, s1_bend, s1_last;
  logic                 s2_valid, s2_first, s2_bend, s2_last;
  logic [CntBits-1:0]   s1_count, s2_count;
  logic [UnitBits-1:0]  s2_c;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid <= 1'b0; s1_first <= 1'b0; s1_bend <= 1'b0; s1_last <= 1'b0;
      s2_valid <= 1'b0; s2_first <= 1'b0; s2_bend <= 1'b0; s2_last <= 1'b0;
      s1_count <= '0;
      s2_count <= '0;
      s2_c     <= '0;
    end else if (kill) begin
      s1_valid <= 1'b0;
      s2_valid <= 1'b0;
    end else begin
      s1_valid <= s0_valid;
      s1_first <= s0_first;
      s1_bend  <= s0_bend;
      s1_last  <= s0_last;
      s1_count <= s0_count;
      s2_valid <= s1_valid;
      s2_first <= s1_first;
      s2_bend  <= s1_bend;
      s2_last  <= s1_last;
      s2_count <= s1_count;
      s2_c     <= has_c_q ? c_s1 : '0;
    end
  end

  // ---------------------------------------------------------------- array
  // A flush or the end of a job resets the units in the next cycle: a job
  // dropped midway leaves nothing in them.
  logic arr_rst_n;
  assign arr_rst_n = rst_ni & ~kill_q;

  logic                 res_valid;
  logic [UnitBits-1:0]  res_fp32, res;
  logic [Rows*Cols*16-1:0] res_bf16;

  mxa_array #(
    .Rows      (Rows),
    .Cols      (Cols),
    .LaneBits  (LaneBits),
    .Formats   (Formats),
    .TruncMode (TruncMode),
    .ExactMode (ExactMode),
    .MaxBlock  (MaxBlock)
  ) u_array (
    .clk_i,
    .rst_ni           (arr_rst_n),
    .a_fmt_i          (a_fmt_q),
    .b_fmt_i          (b_fmt_q),
    .scale_i          (scale_q),
    .acc_i            (acc_q),
    .trunc_w_i        (trunc_w_q),
    .trunc_blocks_i   (trunc_blocks_q),
    .g_i              (g_q),
    .beat_valid_i     (s2_valid),
    .beat_count_i     (s2_count),
    .beat_first_i     (s2_first),
    .beat_block_end_i (s2_bend),
    .beat_last_i      (s2_last),
    .a_codes_i        (a_codes),
    .b_codes_i        (b_codes),
    .a_scales_i       (a_scales),
    .b_scales_i       (b_scales),
    .c_i              (s2_c),
    .res_valid_o      (res_valid),
    .res_fp32_o       (res_fp32),
    .res_bf16_o       (res_bf16),
    .idle_o           (arr_idle)
  );

  for (genvar u = 0; u < Rows * Cols; u++) begin : g_res
    assign res[32*u +: 32] = bf16_q ? {16'h0000, res_bf16[16*u +: 16]}
                                    : res_fp32[32*u +: 32];
  end

  // ---------------------------------------------------------------- writes
  mxa_eng_wr #(
    .Rows     (Rows),
    .Cols     (Cols),
    .DataBits (DataBits),
    .Depth    (ResDepth)
  ) u_wr (
    .clk_i,
    .rst_ni,
    .clr_i          (kill),
    .start_i        (start),
    .m_i            (m_q),
    .n_i            (n_q),
    .bf16_i         (bf16_q),
    .d_addr_i       (d_addr_q),
    .d_stride_i     (d_stride_q),
    .res_valid_i    (res_valid),
    .res_i          (res),
    .credit_o       (wr_credit),
    .done_o         (wr_done_all),
    .wr_req_valid_o,
    .wr_req_ready_i,
    .wr_req_o,
    .wr_valid_o,
    .wr_ready_i,
    .wr_data_o
  );

  assign wr_strb_o = '1;

  // ---------------------------------------------------------------- stalls
  assign dma_stall_o     = st_q == E_RUN && seq_stall;
  assign compute_stall_o = st_q == E_RUN && ld_stall;

  // ---------------------------------------------------------------- state
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q           <= E_IDLE;
      kill_q         <= 1'b0;
      a_fmt_q        <= mxa_hw_pkg::FMT_E4M3;
      b_fmt_q        <= mxa_hw_pkg::FMT_E4M3;
      scale_q        <= mxa_hw_pkg::SCALE_NONE;
      acc_q          <= mxa_hw_pkg::ACC_FP32;
      trunc_w_q      <= '0;
      trunc_blocks_q <= '0;
      bs_log_q       <= 3'd5;
      a_b3_q         <= 1'b0;
      b_b3_q         <= 1'b0;
      b3_bytes_q     <= '0;
      g_q            <= '0;
      m_q            <= '0;
      n_q            <= '0;
      k_q            <= '0;
      a_bits_q       <= 4'd8;
      b_bits_q       <= 4'd8;
      rate_q         <= '0;
      nv_q           <= 1'b0;
      scaled_q       <= 1'b0;
      has_c_q        <= 1'b0;
      bf16_q         <= 1'b0;
      a_tern_q       <= 1'b0;
      b_tern_q       <= 1'b0;
      a_addr_q       <= '0;
      b_addr_q       <= '0;
      sa_addr_q      <= '0;
      sb_addr_q      <= '0;
      c_addr_q       <= '0;
      d_addr_q       <= '0;
      a_stride_q     <= '0;
      b_stride_q     <= '0;
      sa_stride_q    <= '0;
      sb_stride_q    <= '0;
      c_stride_q     <= '0;
      d_stride_q     <= '0;
      a_len_q        <= '0;
      b_len_q        <= '0;
      s_len_q        <= '0;
      macs_q         <= '0;
      end_q          <= '0;
    end else begin
      kill_q <= kill;
      if (kill) begin
        st_q <= E_IDLE;
      end else begin
        unique case (st_q)
          E_IDLE: begin
            if (job_fire) begin
              st_q           <= E_START;
              a_fmt_q        <= j_a_fmt;
              b_fmt_q        <= j_b_fmt;
              scale_q        <= j_scale;
              acc_q          <= j_acc;
              trunc_w_q      <= job_i.trunc_w[5:0];
              trunc_blocks_q <= 14'(job_i.trunc_n >> j_bs_log);
              bs_log_q       <= j_bs_log;
              a_b3_q         <= j_a_b3;
              b_b3_q         <= j_b_b3;
              b3_bytes_q     <= KBits'(j_b3_len);
              g_q            <= j_g;
              m_q            <= job_i.m;
              n_q            <= job_i.n;
              k_q            <= KBits'(job_i.k);
              a_bits_q       <= j_a_bits;
              b_bits_q       <= j_b_bits;
              rate_q         <= j_a_rate < j_b_rate ? j_a_rate : j_b_rate;
              nv_q           <= j_nv;
              scaled_q       <= job_i.scale_mode != 8'(mxa_hw_pkg::SCALE_NONE);
              has_c_q        <= job_i.flags[mxa_hw_pkg::DESC_FLAGS_HAS_C_LSB];
              bf16_q         <= job_i.out_fmt == 8'(mxa_hw_pkg::FMT_BF16);
              a_tern_q       <= j_a_tern;
              b_tern_q       <= j_b_tern;
              a_addr_q       <= job_i.a_addr;
              b_addr_q       <= job_i.b_addr;
              sa_addr_q      <= job_i.sa_addr;
              sb_addr_q      <= job_i.sb_addr;
              c_addr_q       <= job_i.c_addr;
              d_addr_q       <= job_i.d_addr;
              a_stride_q     <= job_i.a_stride;
              b_stride_q     <= job_i.b_stride;
              sa_stride_q    <= job_i.sa_stride;
              sb_stride_q    <= job_i.sb_stride;
              c_stride_q     <= job_i.c_stride;
              d_stride_q     <= job_i.d_stride;
              a_len_q        <= j_a_len;
              b_len_q        <= j_b_len;
              s_len_q        <= (job_i.k + j_bs - 32'd1) >> j_bs_log;
              macs_q         <= '0;
            end
          end
          E_START: st_q <= E_RUN;
          E_RUN: begin
            if (ld_err) begin
              st_q  <= E_DONE;
              end_q <= {16'(mxa_hw_pkg::STATUS_INVALID_CODE),
                        16'(ld_err_stream), ld_err_addr};
            end else if (wr_done_all) begin
              st_q  <= E_DONE;
              end_q <= '0;
            end
          end
          default: ;
        endcase
        if (s0_valid) begin
          macs_q <= macs_q + 64'(s0_rows) * 64'(s0_cols) * 64'(s0_count);
        end
      end
    end
  end

  // The shell waits for the write acknowledgements itself.
  logic unused;
  assign unused = ^{wr_done_i};

endmodule
