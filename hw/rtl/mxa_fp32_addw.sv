// SPDX-License-Identifier: MIT
// mxa_fp32_addw.sv - the exact sum of a finite binary32 a and a wide
// sign-magnitude number b = (-1)^b_neg x b_mag x 2^b_exp, brought into a
// form that mxa_fp32_round rounds to the correctly rounded sum: with b as
// wide as a it is the core of an IEEE addition, with b the Kulisch sum it
// is the one rounding of the exact mode.
//
// Each operand has a top: the weight of its leading bit position, which
// for a is its exponent (the hidden bit's place, also for subnormals) and
// for a wider b is its actual leading one (b is normalized first). The one
// with the higher top (the big one) sits left-justified in a window of
// M + 3 bits, M = max(24, BBits); the other is shifted right by the
// difference of the tops and every bit that falls off the window is ORed
// into its last bit (jamming). When the tops differ by 2 or more, the sum's
// leading one stays within one place of the big one's top, so the result's
// last bit, its guard bit and the sticky position all lie above the jammed
// bit, and rounding sees what it would see with the exact value; when they
// differ by at most 1, nothing falls off. (A subnormal a is big only
// against a smaller subnormal or zero b: a normalized b with a nonzero
// Kulisch sum is at least 2^-32.) The sum, M + 4 bits with its carry, is
// exact or jammed in that way.
module mxa_fp32_addw #(
  parameter int unsigned BBits   = 24,
  parameter int unsigned ExpBits = mxa_dpu_pkg::ExpBits,
  localparam int unsigned M       = BBits > 24 ? BBits : 24,
  localparam int unsigned SumBits = M + 4
) (
  input  logic [31:0]                a_i,
  input  logic                       b_neg_i,
  input  logic [BBits-1:0]           b_mag_i,
  input  logic signed [ExpBits-1:0]  b_exp_i,
  output logic                       neg_o,
  output logic [SumBits-1:0]         mag_o,
  output logic signed [ExpBits-1:0]  exp_o   // weight of mag_o's bit 0
);

  localparam int unsigned BLzBits = $clog2(BBits);
  localparam int unsigned WinBits = M + 3;
  localparam int unsigned DBits   = $clog2(WinBits + 1);
  localparam int unsigned WideExp = ExpBits + 2;

  localparam logic signed [WideExp-1:0] BTopOffs = WideExp'(BBits - 1);
  localparam logic signed [WideExp-1:0] TopOffs = WideExp'(M - 1);
  localparam logic signed [WideExp-1:0] MaxD = WideExp'(WinBits);

  // a: sig with its hidden bit; its last bit is worth 2^(max(E, 1) - 150).
  logic [7:0]                a_e, a_e1;
  logic [23:0]               a_sig;
  logic [BBits-1:0]          b_nb;
  logic [M-1:0]              a_n, b_n;
  logic signed [WideExp-1:0] a_top, b_top;

  assign a_e   = a_i[30:23];
  assign a_e1  = a_e == 8'd0 ? 8'd1 : a_e;
  assign a_sig = {a_e != 8'd0, a_i[22:0]};
  assign a_n   = M'(a_sig) << (M - 24);
  assign a_top = $signed(WideExp'(a_e1)) - WideExp'(127);

  if (BBits > 24) begin : g_norm_b
    logic [BLzBits-1:0] b_lz;
    mxa_dpu_norm #(.Width(BBits)) u_norm_b (.x_i(b_mag_i), .lz_o(b_lz), .norm_o(b_nb));
    assign b_top = WideExp'(b_exp_i) + BTopOffs - $signed(WideExp'(b_lz));
  end else begin : g_float_b
    // b is a binary32 significand: b_exp_i is its last bit's weight.
    assign b_nb  = b_mag_i;
    assign b_top = WideExp'(b_exp_i) + BTopOffs;
  end
  assign b_n = M'(b_nb) << (M - BBits);

  logic                      a_zero, b_zero, a_big, big_neg, small_neg;
  logic [M-1:0]              big, sml;
  logic signed [WideExp-1:0] big_top, d_wide;
  logic [DBits-1:0]          d;
  logic [WinBits-1:0]        win_small, lost_mask;
  logic [SumBits-1:0]        sum;

  always_comb begin
    a_zero    = a_sig == '0;
    b_zero    = b_mag_i == '0;
    a_big     = !a_zero && (b_zero || a_top >= b_top);
    big       = a_big ? a_n : b_n;
    sml     = a_big ? b_n : a_n;
    big_top   = a_big ? a_top : b_top;
    big_neg   = a_big ? a_i[31] : b_neg_i;
    small_neg = a_big ? b_neg_i : a_i[31];
    // A zero small operand has no top: any shift leaves it zero.
    d_wide    = a_big ? a_top - b_top : b_top - a_top;
    d         = d_wide < 0 ? '0 : d_wide > MaxD ? DBits'(WinBits) : DBits'(d_wide);
    lost_mask = ~({WinBits{1'b1}} << d);
    win_small = ({sml, 3'd0} >> d) |
                WinBits'(({sml, 3'd0} & lost_mask) != '0);
    if (big_neg == small_neg) begin
      sum   = SumBits'({big, 3'd0}) + SumBits'(win_small);
      neg_o = big_neg;
    end else begin
      sum   = SumBits'({big, 3'd0}) - SumBits'(win_small);
      neg_o = big_neg;
      // Only equal tops can leave the small one larger.
      if (sum[SumBits-1]) begin
        sum   = -sum;
        neg_o = small_neg;
      end
    end
    // An exact zero is -0 only as the sum of two negative zeros (round to
    // nearest even).
    if (sum == '0) neg_o = a_i[31] && b_neg_i;
    mag_o = sum;
    exp_o = ExpBits'(big_top - TopOffs - WideExp'(3));
  end

endmodule
