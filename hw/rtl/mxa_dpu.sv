// SPDX-License-Identifier: MIT
// mxa_dpu.sv - the dot-product unit: one output D[i][j] of the
// output-stationary array, computed bit for bit as docs/numerics.md
// section 5 defines it, from the element codes of row i of A and column j of
// B streamed along K. docs/rtl-dpu.md describes the interface, the datapath
// widths and the pipeline:
//
//   lanes ─► beat queue ─► sum stage ─► token ─► round ─► x g ─► + acc ─► result
//   (decode,  (1 entry;     (align,       (block,   (x ms,   (fp32    (fp32
//    a x b    one block     mask, sum;    promotion fl32)    mul)     add,
//    (x ms))  in trunc)     trunc P,      or exact                    C first)
//                           Kulisch)      result)
//
// A beat carries up to Lanes = LaneBits / 2 element pairs (the ternary
// rate); 8-bit formats use the first LaneBits / 8 lanes only, formats of 4
// to 7 bits the first LaneBits / 4 (mxa_dpu_pkg::rate()). Beats never straddle a
// block, and consecutive outputs follow each other without a gap: the first
// beat of an output brings its C, the last one ends it.
module mxa_dpu #(
  parameter int unsigned LaneBits = 64,   // a multiple of 8
  // Element formats the unit computes (bit f: mxa_hw_pkg::fmt_e f); the
  // datapath is as wide as the widest pair of them needs.
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter bit          TruncMode = 1'b1,
  parameter bit          ExactMode = 1'b1,
  parameter int unsigned KBits     = 20,  // exact mode: K < 2^KBits
  // Largest block along K (a power of two, 8 ... 64): sizes the block sum,
  // the trunc partial sum and the trunc beat queue.
  parameter int unsigned MaxBlock  = mxa_dpu_pkg::MaxBlock,
  localparam int unsigned Lanes    = mxa_dpu_pkg::max_lanes(LaneBits),
  localparam int unsigned CntBits  = $clog2(Lanes + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  // Job configuration, held from the first beat of a job until idle_o.
  input  mxa_hw_pkg::fmt_e      a_fmt_i,
  input  mxa_hw_pkg::fmt_e      b_fmt_i,
  input  mxa_hw_pkg::scale_e    scale_i,
  input  mxa_hw_pkg::acc_e      acc_i,
  input  logic [5:0]            trunc_w_i,        // W: 4 .. 32
  input  logic [13:0]           trunc_blocks_i,   // N / block size: 1 .. 8192
  input  logic [31:0]           g_i,              // ga x gb; 1.0 when absent

  // Beats of element pairs along K.
  input  logic                  beat_valid_i,
  output logic                  beat_ready_o,
  input  logic [Lanes*8-1:0]    a_codes_i,        // pair p in bits 8p+7:8p
  input  logic [Lanes*8-1:0]    b_codes_i,
  input  logic [CntBits-1:0]    beat_count_i,     // pairs 0 .. count-1: 1 .. Lanes
  input  logic                  beat_first_i,     // first beat of an output
  input  logic [31:0]           c_i,              // its C (+0 without C), with first
  input  logic                  beat_block_end_i, // last beat of a block
  input  logic                  beat_last_i,      // last beat of K (a block end too)
  input  logic [7:0]            a_scale_i,        // the block's scales, every beat
  input  logic [7:0]            b_scale_i,

  // One result per output, in order, for one cycle.
  output logic                  res_valid_o,
  output logic [31:0]           res_fp32_o,
  output logic [15:0]           res_bf16_o,
  output logic                  idle_o            // nothing in flight
);

  // ---------------------------------------------------------------- widths

  localparam int unsigned ExpBits    = mxa_dpu_pkg::ExpBits;
  localparam int unsigned TruncBits  = mxa_dpu_pkg::trunc_bits(MaxBlock);
  localparam int unsigned ScaleBits  = mxa_dpu_pkg::ScaleSigBits;
  // Three classes of lanes (mxa_dpu_pkg::lane_fmts()): big lanes take
  // every format, small ones those of fewer than 8 bits, tiny ones those of
  // fewer than 4 (ternary), and are built only for a set that has one.
  localparam int unsigned NumFmts    = mxa_dpu_pkg::num_elem_fmts();
  localparam int unsigned BigLanes   = LaneBits / 8;
  localparam int unsigned SmallLanes = LaneBits / 4 - BigLanes;
  localparam logic [NumFmts-1:0] SmallFmts =
      Formats & mxa_dpu_pkg::lane_fmts(BigLanes, LaneBits);
  localparam logic [NumFmts-1:0] TinyFmts =
      Formats & mxa_dpu_pkg::lane_fmts(BigLanes + SmallLanes, LaneBits);
  localparam int unsigned TinyLanes  = TinyFmts != '0 ? Lanes - BigLanes - SmallLanes : 0;

  // Trunc truncates every scaled product on its own, so with it the lanes
  // apply the scale significand; without it the block sum takes it once.
  localparam bit          ScaleLanes = TruncMode;
  localparam int unsigned LaneScaleBits = ScaleLanes ? ScaleBits : 0;
  // Lane outputs: q (significand product, scaled or not) and sh.
  localparam int unsigned BigSig   = mxa_dpu_pkg::max_sig_bits(Formats);
  localparam int unsigned BigShIn  = mxa_dpu_pkg::bits_for(mxa_dpu_pkg::max_sh(Formats));
  localparam int unsigned BigQ     = mxa_dpu_pkg::prod_bits(BigSig) + LaneScaleBits;
  localparam int unsigned BigSh    = BigShIn + 1;
  localparam int unsigned SmallSig  = mxa_dpu_pkg::max_sig_bits(SmallFmts);
  localparam int unsigned SmallShIn = mxa_dpu_pkg::bits_for(mxa_dpu_pkg::max_sh(SmallFmts));
  localparam int unsigned SmallQ    = mxa_dpu_pkg::prod_bits(SmallSig) + LaneScaleBits;
  localparam int unsigned SmallSh   = SmallShIn + 1;
  localparam int unsigned TinySig   = mxa_dpu_pkg::max_sig_bits(TinyFmts);
  localparam int unsigned TinyShIn  = mxa_dpu_pkg::bits_for(mxa_dpu_pkg::max_sh(TinyFmts));
  localparam int unsigned TinyQ     = mxa_dpu_pkg::prod_bits(TinySig) + LaneScaleBits;
  localparam int unsigned TinySh    = TinyShIn + 1;
  // An aligned product q x 2^sh, and a block sum of up to MaxBlock of them.
  localparam int unsigned AlignBits      = mxa_dpu_pkg::aligned_bits(Formats, ScaleLanes);
  localparam int unsigned SmallAlignBits = mxa_dpu_pkg::aligned_bits(SmallFmts, ScaleLanes);
  localparam int unsigned TinyAlignBits  = mxa_dpu_pkg::aligned_bits(TinyFmts, ScaleLanes);
  localparam int unsigned TopBits   = $clog2(AlignBits);
  localparam int unsigned SumBits   = AlignBits + $clog2(MaxBlock) + 1;
  // Exact mode: K unscaled products.
  localparam int unsigned KulBits   = 2 * mxa_dpu_pkg::max_val_bits(Formats) + KBits + 1;
  // The exact mode's C + Kulisch sum before its rounding.
  localparam int unsigned XWide     = KulBits - 1 > 24 ? KulBits - 1 : 24;
  localparam int unsigned XBits     = XWide + 4;
  // Magnitude carried by a token, a block sum times its scale significand,
  // and what the shared rounder takes.
  localparam int unsigned TokBits   = ExactMode && KulBits > SumBits ? KulBits - 1 : SumBits - 1;
  localparam int unsigned ScaledBits  = ScaleLanes ? TokBits : SumBits - 1 + ScaleBits;
  localparam int unsigned RndWide   = ExactMode && XBits > ScaledBits ? XBits : ScaledBits;
  localparam int unsigned RndBits   = RndWide > 27 ? RndWide : 27;   // the rounder's least
  // A beat-queue entry: block end, then big, small and tiny lanes' (neg,
  // q, sh).
  localparam int unsigned BigEntry   = 1 + BigQ + BigSh;
  localparam int unsigned SmallEntry = 1 + SmallQ + SmallSh;
  localparam int unsigned TinyEntry  = 1 + TinyQ + TinySh;
  localparam int unsigned TinyBits   = TinyLanes * TinyEntry;
  localparam int unsigned BeatBits   = 1 + BigLanes * BigEntry + SmallLanes * SmallEntry
                                       + TinyBits;
  // Trunc holds a whole block before summing it: 8-bit pairs come
  // LaneBits / 8 to a beat, so a block of MaxBlock spans at most this many
  // beats.
  localparam int unsigned BlockBeats =
      (MaxBlock + LaneBits / 8 - 1) / (LaneBits / 8);
  localparam int unsigned Depth      = TruncMode ? BlockBeats : 1;

  if (LaneBits < 8 || LaneBits % 8 != 0) begin : g_check_lanes
    $error("mxa_dpu: LaneBits must be a positive multiple of 8");

  end
  if ((1 << $clog2(MaxBlock)) != MaxBlock || MaxBlock < 8 || MaxBlock > 64)
  begin : g_check_block
    $error("mxa_dpu: MaxBlock must be a power of two, 8 ... 64");
  end

  logic is_trunc, is_exact;
  assign is_trunc = TruncMode && acc_i == mxa_hw_pkg::ACC_TRUNC;
  assign is_exact = ExactMode && acc_i == mxa_hw_pkg::ACC_EXACT;

  // ---------------------------------------------------------------- lanes

  logic [ScaleBits-1:0]      ms;
  logic signed [ExpBits-1:0] es, lab, fexp;
  logic                      s_nan, s_zero;

  mxa_dpu_scale u_scale (
    .mode_i   (scale_i),
    .a_code_i (a_scale_i),
    .b_code_i (b_scale_i),
    .ms_o     (ms),
    .es_o     (es),
    .nan_o    (s_nan),
    .zero_o   (s_zero)
  );

  // The unit of a product: lsb(A) + lsb(B) (numerics.md section 1); an
  // integer format counts units of 2^scaled_lsb under a block scale (int8:
  // code x 2^-6). One entry per element format, unscaled and scaled; a
  // value that is not an element format has unit 1.
  logic [NumFmts*ExpBits-1:0] lsb_plain, lsb_scaled;

  for (genvar f = 0; f < NumFmts; f++) begin : g_lsb
    localparam bit Elem = mxa_hw_pkg::FMT_ELEMENT_MASK[f];
    localparam bit Int  = mxa_hw_pkg::fmt_encoding(f) == mxa_hw_pkg::FMT_ENC_INT;
    localparam int Lsb  = Elem ? mxa_hw_pkg::fmt_lsb(f) : 0;
    localparam int SLsb = Elem && Int ? mxa_hw_pkg::fmt_scaled_lsb(f) : Lsb;
    assign lsb_plain[f*ExpBits +: ExpBits]  = ExpBits'(Lsb);
    assign lsb_scaled[f*ExpBits +: ExpBits] = ExpBits'(SLsb);
  end

  logic                      scaled;
  logic signed [ExpBits-1:0] a_lsb, b_lsb;

  assign scaled = scale_i != mxa_hw_pkg::SCALE_NONE;

  always_comb begin
    a_lsb = '0;
    b_lsb = '0;
    for (int unsigned f = 0; f < NumFmts; f++) begin
      if (32'(a_fmt_i) == f) begin
        a_lsb = scaled ? lsb_scaled[f*ExpBits +: ExpBits] : lsb_plain[f*ExpBits +: ExpBits];
      end
      if (32'(b_fmt_i) == f) begin
        b_lsb = scaled ? lsb_scaled[f*ExpBits +: ExpBits] : lsb_plain[f*ExpBits +: ExpBits];
      end
    end
  end

  assign lab    = a_lsb + b_lsb;
  assign fexp   = lab + es;

  logic [Lanes-1:0]               lane_nan, lane_pinf, lane_ninf, lane_nz;
  logic [Lanes*TopBits-1:0]       lane_top;
  logic [BigLanes*BigEntry-1:0]   big_in;
  logic [SmallLanes*SmallEntry-1:0] small_in;
  // Bit TinyBits only gives the vector a width when there are no tiny lanes.
  logic [TinyBits:0]                tiny_in;
  logic                             unused_tiny_pad;

  assign tiny_in[TinyBits] = 1'b0;
  assign unused_tiny_pad   = tiny_in[TinyBits];

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic valid;
    assign valid = CntBits'(l) < beat_count_i;
    // The lane's class: its formats, and its place in the beat queue.
    localparam bit Big   = l < BigLanes;
    localparam bit Small = !Big && l < BigLanes + SmallLanes;
    localparam logic [NumFmts-1:0] LaneFmts = Big ? Formats : Small ? SmallFmts : TinyFmts;
    localparam int unsigned Sig  = Big ? BigSig : Small ? SmallSig : TinySig;
    localparam int unsigned ShIn = Big ? BigShIn : Small ? SmallShIn : TinyShIn;
    localparam int unsigned Q    = Big ? BigQ : Small ? SmallQ : TinyQ;
    localparam int unsigned Sh   = Big ? BigSh : Small ? SmallSh : TinySh;
    if (l < BigLanes + SmallLanes + TinyLanes) begin : g_built
      logic           neg;
      logic [Q-1:0]   q;
      logic [Sh-1:0]  sh;
      mxa_dpu_lane #(
        .Formats (LaneFmts),
        .SigBits (Sig),
        .ShBits  (ShIn),
        .TopBits (TopBits),
        .ScaleLanes (ScaleLanes)
      ) u_lane (
        .a_fmt_i  (a_fmt_i),
        .b_fmt_i  (b_fmt_i),
        .a_code_i (a_codes_i[8*l +: 8]),
        .b_code_i (b_codes_i[8*l +: 8]),
        .valid_i  (valid),
        .ms_i     (ms),
        .neg_o    (neg),
        .q_o      (q),
        .sh_o     (sh),
        .nan_o    (lane_nan[l]),
        .pinf_o   (lane_pinf[l]),
        .ninf_o   (lane_ninf[l]),
        .nz_o     (lane_nz[l]),
        .top_o    (lane_top[l*TopBits +: TopBits])
      );
      if (Big) begin : g_big
        assign big_in[l*BigEntry +: BigEntry] = {neg, q, sh};
      end else if (Small) begin : g_small
        assign small_in[(l-BigLanes)*SmallEntry +: SmallEntry] = {neg, q, sh};
      end else begin : g_tiny
        assign tiny_in[(l-BigLanes-SmallLanes)*TinyEntry +: TinyEntry] = {neg, q, sh};
      end
    end else begin : g_none
      // No format built here comes this many pairs to a beat.
      logic unused_codes;
      assign unused_codes = ^{a_codes_i[8*l +: 8], b_codes_i[8*l +: 8], valid};
      assign lane_nan[l]  = 1'b0;
      assign lane_pinf[l] = 1'b0;
      assign lane_ninf[l] = 1'b0;
      assign lane_nz[l]   = 1'b0;
      assign lane_top[l*TopBits +: TopBits] = '0;
    end
  end

  // ---------------------------------------------------------------- blocks

  // What the sum stage needs of a block, known at its last beat.
  typedef struct packed {
    logic                       nan;      // the block's special value
    logic                       pinf;
    logic                       ninf;
    logic signed [ExpBits-1:0]  fexp;     // unit of its products
    logic [ScaleBits-1:0]       ms;       // scale significand, if not in the lanes
    logic [TopBits-1:0]         top;      // largest top bit of a product
    logic                       nz;       // some product is nonzero
    logic                       first;    // first block of an output
    logic                       last;     // last block of an output
    logic                       promote;  // trunc: P goes to the accumulator
    logic [31:0]                c;        // C of the output (first block)
  } blk_t;

  localparam int unsigned BlkBits = 3 + ExpBits + ScaleBits + TopBits + 4 + 32;

  logic                fire_in;
  logic                b_nan, b_pinf, b_ninf, b_nz;
  logic [TopBits-1:0]  b_top;

  // The beat's largest product, which only the trunc mode needs: a
  // balanced tree of comparisons (node i of the heap layout holds the
  // larger of nodes 2i and 2i + 1; leaf TopLeaves + l is lane l, with its
  // nz flag on top), log2(Lanes) deep where a chain would be Lanes deep.
  if (TruncMode) begin : g_top
    localparam int unsigned TopLeaves = 1 << $clog2(Lanes);
    localparam int unsigned NodeBits  = TopBits + 1;
    logic [2*TopLeaves*NodeBits-1:0] tree;
    logic [NodeBits-1:0]             left, right;

    always_comb begin
      tree  = '0;
      left  = '0;
      right = '0;
      for (int unsigned l = 0; l < Lanes; l++) begin
        if (lane_nz[l]) begin
          tree[(TopLeaves+l)*NodeBits +: NodeBits] = {1'b1, lane_top[l*TopBits +: TopBits]};
        end
      end
      for (int unsigned i = TopLeaves - 1; i >= 1; i--) begin
        left  = tree[2*i*NodeBits +: NodeBits];
        right = tree[(2*i+1)*NodeBits +: NodeBits];
        tree[i*NodeBits +: NodeBits] =
            right[TopBits] && (!left[TopBits] || right[TopBits-1:0] > left[TopBits-1:0])
            ? right : left;
      end
    end
    assign b_top = tree[NodeBits +: TopBits];
  end else begin : g_no_top
    logic unused_top;
    assign unused_top = ^lane_top;
    assign b_top      = '0;
  end
  assign b_nan  = |lane_nan;
  assign b_pinf = |lane_pinf;
  assign b_ninf = |lane_ninf;
  assign b_nz   = |lane_nz;

  // The block so far, over the beats before this one.
  logic               fb_open_q, fb_open_d;
  logic               fb_nan_q, fb_pinf_q, fb_ninf_q, fb_nz_q, fb_first_q;
  logic [TopBits-1:0] fb_top_q;
  logic [31:0]        fb_c_q;
  logic [13:0]        fb_cnt_q, fb_cnt_d;   // blocks since the last promotion
  logic               m_nan, m_pinf, m_ninf, m_nz, m_first;
  logic [TopBits-1:0] m_top;
  logic [31:0]        m_c;
  blk_t               blk_in;

  always_comb begin
    m_nan   = (fb_open_q && fb_nan_q) || b_nan;
    m_pinf  = (fb_open_q && fb_pinf_q) || b_pinf;
    m_ninf  = (fb_open_q && fb_ninf_q) || b_ninf;
    m_nz    = (fb_open_q && fb_nz_q) || b_nz;
    m_top   = fb_open_q && fb_nz_q && (!b_nz || fb_top_q > b_top) ? fb_top_q : b_top;
    m_first = fb_open_q ? fb_first_q : beat_first_i;
    m_c     = fb_open_q ? fb_c_q : c_i;

    // numerics.md section 5, special values of a block.
    blk_in.nan     = m_nan || s_nan || (m_pinf && m_ninf) || ((m_pinf || m_ninf) && s_zero);
    blk_in.pinf    = !blk_in.nan && m_pinf;
    blk_in.ninf    = !blk_in.nan && m_ninf;
    blk_in.fexp    = fexp;
    blk_in.ms      = ScaleLanes ? ScaleBits'(1) : ms;
    blk_in.top     = m_top;
    blk_in.nz      = m_nz;
    blk_in.first   = m_first;
    blk_in.last    = beat_last_i;
    blk_in.promote = beat_last_i || fb_cnt_q + 14'd1 == trunc_blocks_i;
    blk_in.c       = m_c;

    fb_open_d = fb_open_q;
    fb_cnt_d  = fb_cnt_q;
    if (fire_in) begin
      fb_open_d = !beat_block_end_i;
      if (beat_block_end_i) begin
        fb_cnt_d = blk_in.promote ? '0 : fb_cnt_q + 14'd1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fb_open_q <= 1'b0;
      fb_cnt_q  <= '0;
    end else begin
      fb_open_q <= fb_open_d;
      fb_cnt_q  <= fb_cnt_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (fire_in) begin
      fb_nan_q   <= m_nan;
      fb_pinf_q  <= m_pinf;
      fb_ninf_q  <= m_ninf;
      fb_nz_q    <= m_nz;
      fb_top_q   <= m_top;
      fb_first_q <= m_first;
      fb_c_q     <= m_c;
    end
  end

  // ---------------------------------------------------------------- queues

  logic                drain, beat_empty, blk_empty;
  logic [BeatBits-1:0] beat_in, head;
  logic [BlkBits-1:0]  blk_head_bits;
  blk_t                blk;
  logic                unused_blk_push_ok;

  assign fire_in = beat_valid_i && beat_ready_o;

  if (TinyLanes > 0) begin : g_beat_tiny
    assign beat_in = {beat_block_end_i, big_in, small_in, tiny_in[TinyBits-1:0]};
  end else begin : g_beat
    assign beat_in = {beat_block_end_i, big_in, small_in};
  end

  mxa_dpu_fifo #(
    .Width (BeatBits),
    .Depth (Depth)
  ) u_beats (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .push_i    (fire_in),
    .data_i    (beat_in),
    .pop_i     (drain),
    .data_o    (head),
    .empty_o   (beat_empty),
    .push_ok_o (beat_ready_o)
  );

  // At most one block per beat: never fuller than the beat queue.
  mxa_dpu_fifo #(
    .Width (BlkBits),
    .Depth (Depth)
  ) u_blocks (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .push_i    (fire_in && beat_block_end_i),
    .data_i    (blk_in),
    .pop_i     (drain && head[BeatBits-1]),
    .data_o    (blk_head_bits),
    .empty_o   (blk_empty),
    .push_ok_o (unused_blk_push_ok)
  );

  assign blk = blk_head_bits;

  // Trunc waits for the whole block: its truncation point depends on every
  // product of it.
  assign drain = !beat_empty && (!is_trunc || !blk_empty);

  // ---------------------------------------------------------------- sum stage

  // A negative product enters the sum inverted (-x - 1, which the adders
  // take at no cost) and the count of negatives adds the missing ones.
  localparam int unsigned BigSumBits   = AlignBits + 1 + $clog2(BigLanes);
  localparam int unsigned SmallSumBits = SmallAlignBits + 1 + $clog2(SmallLanes);
  localparam int unsigned TinySumBits  = TinyAlignBits + 1 + $clog2(TinyLanes + 1);

  logic [AlignBits-1:0]          mask, trunc_mask;
  logic [BigLanes*(AlignBits+1)-1:0]        big_val;
  logic [SmallLanes*(SmallAlignBits+1)-1:0] small_val;
  logic [Lanes-1:0]                         val_neg;

  assign mask = is_trunc ? trunc_mask : '1;

  for (genvar l = 0; l < BigLanes; l++) begin : g_big_sum
    logic             neg;
    logic [BigQ-1:0]  q;
    logic [BigSh-1:0] sh;
    logic [AlignBits-1:0] kept;
    assign {neg, q, sh} = head[TinyBits + SmallLanes*SmallEntry + l*BigEntry +: BigEntry];
    assign kept = (AlignBits'(q) << sh) & mask;
    assign big_val[l*(AlignBits+1) +: AlignBits+1] = {neg, kept ^ {AlignBits{neg}}};
    assign val_neg[l] = neg;
  end

  for (genvar l = 0; l < SmallLanes; l++) begin : g_small_sum
    logic               neg;
    logic [SmallQ-1:0]  q;
    logic [SmallSh-1:0] sh;
    logic [SmallAlignBits-1:0] kept;
    assign {neg, q, sh} = head[TinyBits + l*SmallEntry +: SmallEntry];
    assign kept = (SmallAlignBits'(q) << sh) & mask[SmallAlignBits-1:0];
    assign small_val[l*(SmallAlignBits+1) +: SmallAlignBits+1] =
        {neg, kept ^ {SmallAlignBits{neg}}};
    assign val_neg[BigLanes + l] = neg;
  end

  // Tiny lanes sum in a tree of their own; lanes beyond them carry nothing.
  logic signed [TinySumBits-1:0] tiny_sum;

  if (TinyLanes > 0) begin : g_tiny_sum
    logic [TinyLanes*(TinyAlignBits+1)-1:0] tiny_val;
    for (genvar l = 0; l < TinyLanes; l++) begin : g_val
      logic              neg;
      logic [TinyQ-1:0]  q;
      logic [TinySh-1:0] sh;
      logic [TinyAlignBits-1:0] kept;
      assign {neg, q, sh} = head[l*TinyEntry +: TinyEntry];
      assign kept = (TinyAlignBits'(q) << sh) & mask[TinyAlignBits-1:0];
      assign tiny_val[l*(TinyAlignBits+1) +: TinyAlignBits+1] =
          {neg, kept ^ {TinyAlignBits{neg}}};
      assign val_neg[BigLanes + SmallLanes + l] = neg;
    end
    always_comb begin
      tiny_sum = '0;
      for (int unsigned l = 0; l < TinyLanes; l++) begin
        tiny_sum = tiny_sum +
            TinySumBits'($signed(tiny_val[l*(TinyAlignBits+1) +: TinyAlignBits+1]));
      end
    end
  end else begin : g_no_tiny_sum
    assign tiny_sum = '0;
  end
  if (BigLanes + SmallLanes + TinyLanes < Lanes) begin : g_none_neg
    assign val_neg[Lanes-1:BigLanes+SmallLanes+TinyLanes] = '0;
  end

  logic                      sb_open_q, sb_open_d;
  logic signed [SumBits-1:0] bsum_q, bsum_d, beat_sum, blk_sum;
  logic signed [BigSumBits-1:0]   big_sum;
  logic signed [SmallSumBits-1:0] small_sum;
  logic [CntBits-1:0]             neg_cnt;

  always_comb begin
    big_sum   = '0;
    small_sum = '0;
    neg_cnt   = '0;
    for (int unsigned l = 0; l < BigLanes; l++) begin
      big_sum = big_sum +
          BigSumBits'($signed(big_val[l*(AlignBits+1) +: AlignBits+1]));
    end
    for (int unsigned l = 0; l < SmallLanes; l++) begin
      small_sum = small_sum +
          SmallSumBits'($signed(small_val[l*(SmallAlignBits+1) +: SmallAlignBits+1]));
    end
    for (int unsigned l = 0; l < Lanes; l++) begin
      neg_cnt = neg_cnt + CntBits'(val_neg[l]);
    end
    beat_sum = SumBits'(big_sum) + SumBits'(small_sum) + SumBits'(tiny_sum)
             + SumBits'(neg_cnt);
    blk_sum  = (sb_open_q ? bsum_q : '0) + beat_sum;
  end

  // Trunc: the partial sum P = pm x 2^pe and its specials.
  logic signed [TruncBits-1:0] pm_q, pm_d, pm_new;
  logic signed [ExpBits-1:0]   pe_q, pe_d, pe_new;
  logic                        pnan_q, ppinf_q, pninf_q, pfirst_q;
  logic                        pnan_d, ppinf_d, pninf_d, pfirst_d;
  logic [31:0]                 pc_q, pc_d;

  if (TruncMode) begin : g_trunc
    mxa_dpu_trunc #(
      .AlignBits (AlignBits),
      .SumBits   (SumBits),
      .TopBits   (TopBits),
      .PBits     (TruncBits)
    ) u_trunc (
      .w_i    (trunc_w_i),
      .pm_i   (pm_q),
      .pe_i   (pe_q),
      .fexp_i (blk.fexp),
      .top_i  (blk.top),
      .nz_i   (blk.nz),
      .mask_o (trunc_mask),
      .sum_i  (blk_sum),
      .pm_o   (pm_new),
      .pe_o   (pe_new)
    );
  end else begin : g_no_trunc
    logic unused_trunc;
    assign unused_trunc = ^{trunc_w_i, blk.top, blk.nz};
    assign trunc_mask = '1;
    assign pm_new     = '0;
    assign pe_new     = '0;
  end

  // Exact: the Kulisch sum of the output so far, and its specials.
  logic signed [KulBits-1:0] kul_q, kul_d;
  logic                      xnan_q, xpinf_q, xninf_q;
  logic                      xnan_d, xpinf_d, xninf_d;
  logic [31:0]               xc_q, xc_d;

  // A token: what goes to the accumulator (fp32: a block; trunc: a
  // promotion of P; exact: the whole output).
  logic                      tk_valid_q, tk_valid_d;
  logic                      tk_first_q, tk_first_d, tk_last_q, tk_last_d;
  logic                      tk_nan_q, tk_nan_d, tk_pinf_q, tk_pinf_d;
  logic                      tk_ninf_q, tk_ninf_d, tk_neg_q, tk_neg_d;
  logic [TokBits-1:0]        tk_mag_q, tk_mag_d;
  logic [ScaleBits-1:0]      tk_ms_q, tk_ms_d;
  logic signed [ExpBits-1:0] tk_exp_q, tk_exp_d;
  logic [31:0]               tk_c_q, tk_c_d;

  logic                      blk_done;
  logic signed [KulBits-1:0] kul_new;
  logic [SumBits-2:0]        blk_abs;   // |sum| < 2^(SumBits-1)
  logic [KulBits-2:0]        kul_abs;   // |sum| < 2^(KulBits-1)
  logic [TruncBits-1:0]      pm_abs;

  assign blk_abs = (SumBits-1)'(blk_sum < 0 ? -blk_sum : blk_sum);
  assign kul_abs = (KulBits-1)'(kul_new < 0 ? -kul_new : kul_new);
  assign pm_abs  = pm_new < 0 ? -pm_new : pm_new;

  assign blk_done = drain && head[BeatBits-1];

  always_comb begin
    sb_open_d = sb_open_q;
    bsum_d    = bsum_q;
    pm_d      = pm_q;
    pe_d      = pe_q;
    pnan_d    = pnan_q;
    ppinf_d   = ppinf_q;
    pninf_d   = pninf_q;
    pfirst_d  = pfirst_q;
    pc_d      = pc_q;
    kul_d     = kul_q;
    xnan_d    = xnan_q;
    xpinf_d   = xpinf_q;
    xninf_d   = xninf_q;
    xc_d      = xc_q;
    kul_new   = (blk.first ? '0 : kul_q) + KulBits'(blk_sum);

    tk_valid_d = 1'b0;
    tk_first_d = blk.first;
    tk_last_d  = blk.last;
    tk_c_d     = blk.c;
    tk_nan_d   = blk.nan;
    tk_pinf_d  = blk.pinf;
    tk_ninf_d  = blk.ninf;
    tk_neg_d   = blk_sum < 0;
    tk_mag_d   = TokBits'(blk_abs);
    tk_exp_d   = blk.fexp;
    tk_ms_d    = blk.ms;

    if (drain) begin
      sb_open_d = !head[BeatBits-1];
      bsum_d    = blk_sum;
    end

    if (blk_done) begin
      if (is_exact) begin
        kul_d   = kul_new;
        xnan_d  = (!blk.first && xnan_q) || blk.nan;
        xpinf_d = (!blk.first && xpinf_q) || blk.pinf;
        xninf_d = (!blk.first && xninf_q) || blk.ninf;
        xc_d    = blk.first ? blk.c : xc_q;
        tk_valid_d = blk.last;
        tk_c_d     = xc_d;
        tk_nan_d   = xnan_d;
        tk_pinf_d  = xpinf_d;
        tk_ninf_d  = xninf_d;
        tk_ms_d    = ScaleBits'(1);
        tk_neg_d   = kul_new < 0;
        tk_mag_d   = TokBits'(kul_abs);
      end else if (is_trunc) begin
        // A special block makes P special until the next promotion; its
        // finite part no longer matters then.
        pm_d     = pm_new;
        pe_d     = pe_new;
        pnan_d   = pnan_q || blk.nan;
        ppinf_d  = ppinf_q || blk.pinf;
        pninf_d  = pninf_q || blk.ninf;
        pfirst_d = pfirst_q || blk.first;
        pc_d     = blk.first ? blk.c : pc_q;
        if (blk.promote) begin
          tk_valid_d = 1'b1;
          tk_first_d = pfirst_d;
          tk_c_d     = pc_d;
          tk_nan_d   = pnan_d || (ppinf_d && pninf_d);
          tk_pinf_d  = !tk_nan_d && ppinf_d;
          tk_ninf_d  = !tk_nan_d && pninf_d;
          tk_ms_d    = ScaleBits'(1);
          tk_neg_d   = pm_new < 0;
          tk_mag_d   = TokBits'(pm_abs);
          tk_exp_d   = pe_new;
          pm_d     = '0;
          pnan_d   = 1'b0;
          ppinf_d  = 1'b0;
          pninf_d  = 1'b0;
          pfirst_d = 1'b0;
        end
      end else begin
        tk_valid_d = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sb_open_q  <= 1'b0;
      pm_q       <= '0;
      pe_q       <= '0;
      pnan_q     <= 1'b0;
      ppinf_q    <= 1'b0;
      pninf_q    <= 1'b0;
      pfirst_q   <= 1'b0;
      tk_valid_q <= 1'b0;
    end else begin
      sb_open_q  <= sb_open_d;
      pm_q       <= pm_d;
      pe_q       <= pe_d;
      pnan_q     <= pnan_d;
      ppinf_q    <= ppinf_d;
      pninf_q    <= pninf_d;
      pfirst_q   <= pfirst_d;
      tk_valid_q <= tk_valid_d;
    end
  end

  always_ff @(posedge clk_i) begin
    bsum_q   <= bsum_d;
    pc_q     <= pc_d;
    kul_q    <= kul_d;
    xnan_q   <= xnan_d;
    xpinf_q  <= xpinf_d;
    xninf_q  <= xninf_d;
    xc_q     <= xc_d;
    tk_first_q <= tk_first_d;
    tk_last_q  <= tk_last_d;
    tk_c_q     <= tk_c_d;
    tk_nan_q   <= tk_nan_d;
    tk_pinf_q  <= tk_pinf_d;
    tk_ninf_q  <= tk_ninf_d;
    tk_neg_q   <= tk_neg_d;
    tk_mag_q   <= tk_mag_d;
    tk_ms_q    <= tk_ms_d;
    tk_exp_q   <= tk_exp_d;
  end

  // ---------------------------------------------------------------- round

  // Exact mode: fl32(C + Kulisch sum), C taken at its exact value.
  logic                      c_nan, c_pinf, c_ninf;
  logic                      x_nan, x_pinf, x_ninf;
  logic                      x_neg;
  logic [XBits-1:0]          x_mag;
  logic signed [ExpBits-1:0] x_exp;

  assign c_nan  = tk_c_q[30:23] == 8'hff && tk_c_q[22:0] != '0;
  assign c_pinf = tk_c_q == 32'h7f80_0000;
  assign c_ninf = tk_c_q == 32'hff80_0000;
  assign x_nan  = tk_nan_q || c_nan ||
                  ((tk_pinf_q || c_pinf) && (tk_ninf_q || c_ninf));
  assign x_pinf = !x_nan && (tk_pinf_q || c_pinf);
  assign x_ninf = !x_nan && (tk_ninf_q || c_ninf);

  if (ExactMode) begin : g_exact
    mxa_fp32_addw #(
      .BBits (KulBits - 1)
    ) u_exact_add (
      .a_i     (tk_c_q),
      .b_neg_i (tk_neg_q),
      .b_mag_i (tk_mag_q[KulBits-2:0]),
      .b_exp_i (tk_exp_q),
      .neg_o   (x_neg),
      .mag_o   (x_mag),
      .exp_o   (x_exp)
    );
  end else begin : g_no_exact
    assign x_neg = 1'b0;
    assign x_mag = '0;
    assign x_exp = '0;
  end

  // A block sum times its scale significand (1 when the lanes applied it).
  logic [ScaledBits-1:0]     tk_scaled;

  if (ScaleLanes) begin : g_lane_scaled
    logic unused_tk_ms;
    assign tk_scaled    = tk_mag_q;
    assign unused_tk_ms = ^tk_ms_q;
  end else begin : g_block_scaled
    assign tk_scaled = ScaledBits'(tk_mag_q[SumBits-2:0]) * ScaledBits'(tk_ms_q);
  end

  logic                      rnd_neg;
  logic [RndBits-1:0]        rnd_mag;
  logic signed [ExpBits-1:0] rnd_exp;
  logic [31:0]               rnd_f;
  logic                      r_nan, r_pinf, r_ninf;
  logic [31:0]               r;

  always_comb begin
    if (is_exact) begin
      rnd_neg = x_neg;
      rnd_mag = RndBits'(x_mag);
      rnd_exp = x_exp;
      r_nan   = x_nan;
      r_pinf  = x_pinf;
      r_ninf  = x_ninf;
    end else begin
      // An exactly zero block is +0, also when a zero scale made it so.
      rnd_neg = tk_neg_q && tk_ms_q != '0;
      rnd_mag = RndBits'(tk_scaled);
      rnd_exp = tk_exp_q;
      r_nan   = tk_nan_q;
      r_pinf  = tk_pinf_q;
      r_ninf  = tk_ninf_q;
    end
  end

  mxa_fp32_round #(
    .MagBits (RndBits)
  ) u_round (
    .neg_i (rnd_neg),
    .mag_i (rnd_mag),
    .exp_i (rnd_exp),
    .f_o   (rnd_f)
  );

  assign r = r_nan  ? 32'h7fc0_0000 :
             r_pinf ? 32'h7f80_0000 :
             r_ninf ? 32'hff80_0000 : rnd_f;

  logic        rc_valid_q, rc_first_q, rc_last_q;
  logic [31:0] rc_r_q, rc_c_q;

  // ---------------------------------------------------------------- x g

  logic [31:0] rg;
  logic        rd_valid_q, rd_first_q, rd_last_q;
  logic [31:0] rd_r_q, rd_c_q;

  mxa_fp32_mul u_mul_g (
    .a_i (rc_r_q),
    .b_i (g_i),
    .p_o (rg)
  );

  // ---------------------------------------------------------------- + acc

  logic [31:0] acc_q, acc_d, acc_sum;
  logic        res_valid_q, res_valid_d;
  logic [31:0] res_q, res_d;

  mxa_fp32_add u_add_acc (
    .a_i (rd_first_q ? rd_c_q : acc_q),
    .b_i (rd_r_q),
    .s_o (acc_sum)
  );

  always_comb begin
    acc_d       = acc_q;
    res_d       = res_q;
    res_valid_d = rd_valid_q && rd_last_q;
    if (rd_valid_q) begin
      acc_d = is_exact ? rd_r_q : acc_sum;
      if (rd_last_q) res_d = acc_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rc_valid_q  <= 1'b0;
      rd_valid_q  <= 1'b0;
      res_valid_q <= 1'b0;
      res_q       <= '0;
    end else begin
      rc_valid_q  <= tk_valid_q;
      rd_valid_q  <= rc_valid_q;
      res_valid_q <= res_valid_d;
      res_q       <= res_d;
    end
  end

  always_ff @(posedge clk_i) begin
    rc_first_q <= tk_first_q;
    rc_last_q  <= tk_last_q;
    rc_r_q     <= r;
    rc_c_q     <= tk_c_q;
    rd_first_q <= rc_first_q;
    rd_last_q  <= rc_last_q;
    rd_r_q     <= is_exact ? rc_r_q : rg;
    rd_c_q     <= rc_c_q;
    acc_q      <= acc_d;
  end

  mxa_fp32_bf16 u_bf16 (
    .f_i (res_q),
    .h_o (res_bf16_o)
  );

  assign res_valid_o = res_valid_q;
  assign res_fp32_o  = res_q;
  assign idle_o      = beat_empty && !fb_open_q && !sb_open_q && !tk_valid_q &&
                       !rc_valid_q && !rd_valid_q;

  // Builds without trunc or exact leave the top bits of some unused.
  logic unused;
  assign unused = ^{unused_blk_push_ok, blk_abs, kul_abs, pm_abs, x_mag};

  // ---------------------------------------------------------------- checks

`ifndef SYNTHESIS
  // What the feeder promises (docs/rtl-dpu.md): no more pairs than the
  // wider format's rate, K's last beat ends a block, and in trunc mode no
  // block longer than the beat queue.
  function automatic int unsigned fmt_rate(input mxa_hw_pkg::fmt_e fmt);
    fmt_rate = mxa_dpu_pkg::rate(mxa_hw_pkg::fmt_bits(32'(fmt)), LaneBits);
  endfunction

  int unsigned a_rate, b_rate, blk_beats_q;

  assign a_rate = fmt_rate(a_fmt_i);
  assign b_rate = fmt_rate(b_fmt_i);

  // Checked on offered beats: an overlong trunc block is never taken.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      blk_beats_q <= 0;
    end else if (beat_valid_i) begin
      assert (beat_count_i != '0 && int'(beat_count_i) <= a_rate &&
              int'(beat_count_i) <= b_rate)
        else $error("mxa_dpu: %0d pairs in a beat", beat_count_i);
      assert (!beat_last_i || beat_block_end_i)
        else $error("mxa_dpu: the last beat of K does not end a block");
      assert (!is_trunc || blk_beats_q < BlockBeats)
        else $error("mxa_dpu: a trunc block of more than %0d beats", BlockBeats);
      if (fire_in) blk_beats_q <= beat_block_end_i ? 0 : blk_beats_q + 1;
    end
  end
`endif

endmodule
