// SPDX-License-Identifier: MIT
// mxa_fp32_round.sv - fl32 of docs/numerics.md: the exact value
// (-1)^neg_i x mag_i x 2^exp_i rounded once to binary32, to nearest with
// ties to even, subnormals kept, magnitudes beyond the largest finite value
// becoming infinity. A zero magnitude gives a zero with the sign neg_i, so
// each caller decides the sign of an exact zero.
//
// mag is normalized first: its top 26 bits are the result's 24 bits, a
// guard bit and one more, and every lower bit only makes the rounding
// sticky. With top = floor(log2(mag x 2^exp)), a result below 2^-126 is
// subnormal: its last bit is worth 2^-149, so those 26 bits shift right by
// -126 - top (with what falls off joining the sticky bit) first. q rounds
// up when guard && (sticky || q is odd). Adding q to (e + 126) << 23,
// e = max(top, -126), places q's leading one in the exponent field, so a
// carry out of the significand steps into the next binade (up to infinity)
// and a subnormal that rounds up to 2^-126 becomes the smallest normal.
module mxa_fp32_round #(
  parameter int unsigned MagBits = 28,
  parameter int unsigned ExpBits = mxa_dpu_pkg::ExpBits
) (
  input  logic                       neg_i,
  input  logic [MagBits-1:0]         mag_i,
  input  logic signed [ExpBits-1:0]  exp_i,
  output logic [31:0]                f_o
);

  localparam int unsigned LzBits  = $clog2(MagBits);
  localparam int unsigned WideExp = ExpBits + 2;

  localparam logic signed [WideExp-1:0] MinExp  = -126;
  localparam logic signed [WideExp-1:0] MaxExp  = 127;
  localparam logic signed [WideExp-1:0] TopOffs = WideExp'(MagBits - 1);
  localparam logic signed [WideExp-1:0] MaxRs   = 26;

  if (MagBits < 27) begin : g_check_width
    $error("mxa_fp32_round: MagBits must be at least 27");
  end

  logic [LzBits-1:0]   lz;
  logic [MagBits-1:0]  norm;

  mxa_dpu_norm #(
    .Width (MagBits)
  ) u_norm (
    .x_i    (mag_i),
    .lz_o   (lz),
    .norm_o (norm)
  );

  logic signed [WideExp-1:0] top, e, rs_wide;
  logic [4:0]                rs;
  logic [25:0]               t, kept, low_mask;
  logic [24:0]               q_rounded;
  logic [23:0]               q;
  logic                      guard, sticky, up;
  logic [30:0]               mag_bits;

  always_comb begin
    top      = WideExp'(exp_i) + TopOffs - $signed(WideExp'(lz));
    e        = top > MinExp ? top : MinExp;
    t        = norm[MagBits-1 -: 26];
    rs_wide  = MinExp - top;
    rs       = rs_wide <= 0 ? '0 : rs_wide > MaxRs ? 5'd26 : 5'(rs_wide);
    kept     = t >> rs;
    low_mask = ~(26'h3ff_ffff << rs);
    q        = kept[25:2];
    guard    = kept[1];
    sticky   = kept[0] || (t & low_mask) != '0 || norm[MagBits-27:0] != '0;
    up        = guard && (sticky || q[0]);
    q_rounded = 25'(q) + 25'(up);
    mag_bits  = {8'(e - MinExp), 23'd0} + 31'(q_rounded);
    if (mag_i == '0) begin
      f_o = {neg_i, 31'd0};
    end else if (top > MaxExp) begin
      f_o = {neg_i, 8'hff, 23'd0};
    end else begin
      f_o = {neg_i, mag_bits};
    end
  end

endmodule
