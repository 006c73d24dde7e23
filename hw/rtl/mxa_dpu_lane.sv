// SPDX-License-Identifier: MIT
// mxa_dpu_lane.sv - one element pair of a beat: both codes decoded, the
// exact product of the significands (times the block's scale significand
// when ScaleLanes), and the product's special value (docs/numerics.md
// section 5).
//
// The product is q x 2^sh units of 2^(lsb_a + lsb_b) (of that times the
// scale exponent when scaled): q = sig_a x sig_b (x ms), sh = sh_a + sh_b.
// Keeping q and sh apart until the sum stage is what lets the trunc mode
// hold a block's products in a small queue before it knows where to
// truncate them; the trunc mode also needs every product scaled on its own,
// the other modes scale the block sum once. The unit builds a lane for the
// formats that ever reach it (mxa_dpu_pkg::lane_fmts()): its first
// LaneBits / 8 lanes for every format (8 x 8 significands for int8), the
// next ones for formats of fewer than 8 bits (at most 4 x 4 today), the
// rest for ternary (1 x 1).
module mxa_dpu_lane #(
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter int unsigned SigBits = 8,
  parameter int unsigned ShBits  = 5,   // of one operand
  parameter int unsigned TopBits = 7,   // holds the top bit index of q x 2^sh
  parameter bit          ScaleLanes = 1'b1,
  localparam int unsigned MagBits = mxa_dpu_pkg::prod_bits(SigBits),
  localparam int unsigned QBits   = MagBits +
                                    (ScaleLanes ? mxa_dpu_pkg::ScaleSigBits : 0),
  localparam int unsigned PShBits = ShBits + 1
) (
  input  mxa_hw_pkg::fmt_e     a_fmt_i,
  input  mxa_hw_pkg::fmt_e     b_fmt_i,
  input  logic [7:0]           a_code_i,
  input  logic [7:0]           b_code_i,
  input  logic                 valid_i,   // the lane carries a pair
  input  logic [mxa_dpu_pkg::ScaleSigBits-1:0] ms_i,   // used when ScaleLanes
  output logic                 neg_o,
  output logic [QBits-1:0]     q_o,
  output logic [PShBits-1:0]   sh_o,
  output logic                 nan_o,
  output logic                 pinf_o,
  output logic                 ninf_o,
  output logic                 nz_o,      // q_o != 0
  output logic [TopBits-1:0]   top_o      // floor(log2(q_o x 2^sh_o)) when nz_o
);

  logic               a_neg, b_neg, a_inf, b_inf, a_nan, b_nan;
  logic [SigBits-1:0] a_sig, b_sig;
  logic [ShBits-1:0]  a_sh, b_sh;

  mxa_dpu_dec #(
    .Formats (Formats),
    .SigBits (SigBits),
    .ShBits  (ShBits)
  ) u_dec_a (
    .fmt_i  (a_fmt_i),
    .code_i (a_code_i),
    .neg_o  (a_neg),
    .sig_o  (a_sig),
    .sh_o   (a_sh),
    .inf_o  (a_inf),
    .nan_o  (a_nan)
  );

  mxa_dpu_dec #(
    .Formats (Formats),
    .SigBits (SigBits),
    .ShBits  (ShBits)
  ) u_dec_b (
    .fmt_i  (b_fmt_i),
    .code_i (b_code_i),
    .neg_o  (b_neg),
    .sig_o  (b_sig),
    .sh_o   (b_sh),
    .inf_o  (b_inf),
    .nan_o  (b_nan)
  );

  logic [MagBits-1:0]   mag;
  logic [QBits-1:0]     q;
  logic                 a_zero, b_zero, nan, inf;

  assign mag = MagBits'(a_sig) * MagBits'(b_sig);

  // A one-bit product selects ms rather than multiplying it, which would
  // cost the synthesizer a DSP slice.
  if (ScaleLanes && MagBits == 1) begin : g_scaled_bit
    assign q = mag[0] ? QBits'(ms_i) : '0;
  end else if (ScaleLanes) begin : g_scaled
    assign q = QBits'(mag) * QBits'(ms_i);
  end else begin : g_unscaled
    logic unused_ms;
    assign q         = mag;
    assign unused_ms = ^ms_i;
  end

  // Specials have sig 0, so zero means a finite zero here.
  assign a_zero = a_sig == '0 && !a_inf && !a_nan;
  assign b_zero = b_sig == '0 && !b_inf && !b_nan;
  assign nan    = a_nan || b_nan || (a_inf && b_zero) || (b_inf && a_zero);
  assign inf    = (a_inf || b_inf) && !nan;

  assign neg_o  = valid_i && (a_neg ^ b_neg);
  assign q_o    = valid_i ? q : '0;
  assign sh_o   = valid_i ? PShBits'(a_sh) + PShBits'(b_sh) : '0;
  assign nan_o  = valid_i && nan;
  assign pinf_o = valid_i && inf && !(a_neg ^ b_neg);
  assign ninf_o = valid_i && inf && (a_neg ^ b_neg);
  assign nz_o   = q_o != '0;

  // Top bit of q x 2^sh: the index of q's highest one plus sh.
  logic [TopBits-1:0] q_top;

  always_comb begin
    q_top = '0;
    for (int unsigned i = 0; i < QBits; i++) begin
      if (q_o[i]) q_top = TopBits'(i);
    end
  end

  assign top_o = q_top + TopBits'(sh_o);

endmodule
