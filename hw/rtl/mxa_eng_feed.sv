// SPDX-License-Identifier: MIT
// mxa_eng_feed.sv - the operand memory of one row of A (or one column of B)
// and its feeder: two banks, each holding one packed row of up to K_max
// elements and its block scales, and the unpacker that turns the beat
// starting at element k0 into one code per byte for the dot-product units.
//
// A beat of up to BeatBits bits (rate(w) x w for w-bit elements: a few
// bits more than LaneBits for FP6, 66 at 64) may start at any bit of the
// packed row (FP6 elements straddle bytes and words), so the data words
// alternate between two memories, even and odd: words w and w + 1 are read
// in the same cycle from different memories, and the beat is cut out of
// the two. They hold DataBits + 1 bits from any start, so DataBits must
// exceed LaneBits.
//
//   cycle 0 (S0)   k0, bank, block --> word = k0 x bits / DataBits
//                  read even word, odd word, scale word
//   cycle 1 (S1)   {hi, lo} >> (k0 x bits mod DataBits), first BeatBits bits
//                  element p = bits p x w ... p x w + w - 1 into byte p
//   cycle 2 (S2)   codes_o, scale_o (zero for a row outside the matrix)
//
// A row packed in base 3 (five ternary digits to a byte, numerics.md 6)
// starts its beat at the byte k0 / 5 that holds element k0 (the bit offset
// 8 x (k0 / 5) instead of k0 x bits; b3_byte_i and b3_digit_i = k0 mod 5
// come from the engine, which divides once for all feeders). In S1 the
// first B3Bytes bytes of the beat decode to five 2-bit ternary codes each
// (a byte above 242 to five invalid codes 10), and element p of the beat is
// digit b3_digit + p of them: the units get the codes of TERNARY.
//
// Loads write one bus word a cycle (the realigned read stream: word i of
// the row is bytes i x DataBits / 8 ... of it).
module mxa_eng_feed #(
  parameter int unsigned LaneBits = 64,
  parameter int unsigned DataBits = 256,
  parameter int unsigned Words    = 128,  // data words of a bank, 2^n >= 4
  parameter int unsigned SWords   = 2,    // scale words of a bank, 2^n >= 2
  parameter int unsigned KBits    = 13,   // element index k0
  parameter int unsigned BlkBits  = 9,    // block index
  parameter bit          Base3    = 1'b1, // decode rows packed in base 3
  localparam int unsigned Lanes   = mxa_dpu_pkg::max_lanes(LaneBits),
  localparam int unsigned WBits   = $clog2(Words)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Loads: word wword_i of bank wbank_i of the row (we_i) or of its
  // scales (swe_i).
  input  logic                 we_i,
  input  logic                 swe_i,
  input  logic                 wbank_i,
  input  logic [WBits-1:0]     wword_i,
  input  logic [DataBits-1:0]  wdata_i,

  // The beat (S0): its first element, bank and block; width_i is the
  // element width in bits (the fmt_bits of an element format: 2, 4, 6 or 8
  // today) for the whole job; valid_i says the row lies inside the matrix.
  input  logic                 rbank_i,
  input  logic [KBits-1:0]     k0_i,
  input  logic [3:0]           width_i,
  input  logic [BlkBits-1:0]   blk_i,
  input  logic                 valid_i,
  // Base-3 rows (b3_i, for the whole job): the byte of element k0 and its
  // digit, k0 / 5 and k0 mod 5.
  input  logic                 b3_i,
  input  logic [KBits-1:0]     b3_byte_i,
  input  logic [2:0]           b3_digit_i,

  // The beat two cycles later (S2).
  output logic [Lanes*8-1:0]   codes_o,
  output logic [7:0]           scale_o
);

  localparam int unsigned HBits    = WBits - 1;
  localparam int unsigned DBits    = $clog2(DataBits);
  localparam int unsigned ByteBits = $clog2(DataBits / 8);
  localparam int unsigned SBits    = $clog2(SWords);
  localparam int unsigned OffBits  = KBits + 3;

  if ((1 << WBits) != Words || Words < 4) begin : g_check_words
    $error("mxa_eng_feed: Words must be a power of two, at least 4");
  end
  if ((1 << SBits) != SWords || SWords < 2) begin : g_check_swords
    $error("mxa_eng_feed: SWords must be a power of two, at least 2");
  end
  // Element p of the beat into byte p, for each width of an element
  // format; lanes beyond the width's rate carry zero.
  localparam logic [8:0]  Widths   = mxa_eng_pkg::elem_widths();
  localparam int unsigned MinWidth = mxa_eng_pkg::elem_width_min();

  // Base 3: a beat of Lanes elements from digit 4 of a byte spans this many
  // bytes.
  localparam int unsigned B3Bytes = (Lanes + 4 + 4) / 5;

  // The bits of the packed row a beat spans, at most.
  function automatic int unsigned beat_span();
    beat_span = Base3 ? 8 * B3Bytes : 8;
    for (int unsigned w = 1; w <= 8; w++) begin
      if (Widths[w] && mxa_dpu_pkg::rate(w, LaneBits) * w > beat_span) begin
        beat_span = mxa_dpu_pkg::rate(w, LaneBits) * w;
      end
    end
  endfunction

  localparam int unsigned BeatBits = beat_span();

  if (LaneBits >= DataBits || BeatBits > DataBits + 1) begin : g_check_lanes
    $error("mxa_eng_feed: DataBits must exceed LaneBits and hold a beat");
  end

  // ---------------------------------------------------------------- S0
  logic [OffBits-1:0] off;
  logic [WBits-1:0]   word;
  logic [HBits-1:0]   even_idx;
  logic [HBits:0]     even_addr, odd_addr, w_addr;
  logic [SBits:0]     s_raddr, s_waddr;

  assign off       = Base3 && b3_i ? {b3_byte_i, 3'b000}
                                   : OffBits'(k0_i) * OffBits'(width_i);
  assign word      = WBits'(off >> DBits);
  // Word w + 1 past the bank's end wraps inside the bank: it is read only
  // when the beat ends in word w, and then its bits are not used.
  assign even_idx  = HBits'((word + WBits'(1)) >> 1);
  assign even_addr = {rbank_i, even_idx};
  assign odd_addr  = {rbank_i, word[WBits-1:1]};
  assign w_addr    = {wbank_i, wword_i[WBits-1:1]};
  assign s_raddr   = {rbank_i, SBits'(blk_i >> ByteBits)};
  assign s_waddr   = {wbank_i, wword_i[SBits-1:0]};

  logic [DataBits-1:0] even_q, odd_q, sword_q;

  mxa_eng_mem #(
    .Width (DataBits),
    .Depth (Words)
  ) u_even (
    .clk_i,
    .we_i    (we_i && !wword_i[0]),
    .waddr_i (w_addr),
    .wdata_i,
    .raddr_i (even_addr),
    .rdata_o (even_q)
  );

  mxa_eng_mem #(
    .Width (DataBits),
    .Depth (Words)
  ) u_odd (
    .clk_i,
    .we_i    (we_i && wword_i[0]),
    .waddr_i (w_addr),
    .wdata_i,
    .raddr_i (odd_addr),
    .rdata_o (odd_q)
  );

  mxa_eng_mem #(
    .Width (DataBits),
    .Depth (2 * SWords)
  ) u_scale (
    .clk_i,
    .we_i    (swe_i),
    .waddr_i (s_waddr),
    .wdata_i,
    .raddr_i (s_raddr),
    .rdata_o (sword_q)
  );

  // ---------------------------------------------------------------- S1
  logic                lo_odd_q, valid1_q, b3_q;
  logic [DBits-1:0]    bit_q;
  logic [ByteBits-1:0] bsel_q;
  logic [2:0]          digit_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lo_odd_q <= 1'b0;
      valid1_q <= 1'b0;
      b3_q     <= 1'b0;
      bit_q    <= '0;
      bsel_q   <= '0;
      digit_q  <= '0;
    end else begin
      lo_odd_q <= word[0];
      valid1_q <= valid_i;
      b3_q     <= Base3 && b3_i;
      bit_q    <= off[DBits-1:0];
      bsel_q   <= blk_i[ByteBits-1:0];
      digit_q  <= b3_digit_i;
    end
  end

  logic [2*DataBits-1:0] window;
  logic [BeatBits-1:0]   beat;
  logic [Lanes*8-1:0]    codes;
  logic [7:0]            scale;

  assign window = lo_odd_q ? {even_q, odd_q} : {odd_q, even_q};
  assign beat   = BeatBits'(window >> bit_q);
  assign scale  = 8'(sword_q >> {bsel_q, 3'b000});

  // Base 3: the codes of the beat's bytes, from digit digit_q on.
  logic [2*Lanes-1:0]    b3_sel;

  if (Base3) begin : g_b3
    logic [B3Bytes*10-1:0] b3_all;
    for (genvar j = 0; j < B3Bytes; j++) begin : g_byte
      assign b3_all[10*j +: 10] = mxa_eng_pkg::b3_codes(beat[8*j +: 8]);
    end
    assign b3_sel = (2*Lanes)'(b3_all >> {digit_q, 1'b0});
  end else begin : g_no_b3
    logic unused_b3;
    assign unused_b3 = ^{b3_byte_i, b3_digit_i, digit_q};
    assign b3_sel    = '0;
  end

  for (genvar p = 0; p < Lanes; p++) begin : g_lane
    logic [9*8-1:0] cw;   // cw[8w +: 8]: element p of width w
    logic [7:0]     code;

    for (genvar w = 0; w <= 8; w++) begin : g_width
      if (w > 0 && Widths[w] && p < mxa_dpu_pkg::rate(w, LaneBits)) begin : g_elem
        assign cw[8*w +: 8] = 8'(beat[w*p +: w]);
      end else begin : g_none
        assign cw[8*w +: 8] = 8'h00;
      end
    end

    // The narrowest width unless another one is chosen.
    always_comb begin
      code = cw[8*MinWidth +: 8];
      for (int unsigned w = MinWidth + 1; w <= 8; w++) begin
        if (Widths[w] && width_i == 4'(w)) code = cw[8*w +: 8];
      end
    end

    assign codes[8*p +: 8] = b3_q ? 8'(b3_sel[2*p +: 2]) : code;
  end

  // ---------------------------------------------------------------- S2
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      codes_o <= '0;
      scale_o <= '0;
    end else begin
      codes_o <= valid1_q ? codes : '0;
      scale_o <= valid1_q ? scale : '0;
    end
  end

endmodule
