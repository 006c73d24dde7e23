// SPDX-License-Identifier: MIT
// mxa_fp32_mul.sv - IEEE binary32 multiplication a x b, round to nearest
// even, subnormals kept (the "x" of docs/numerics.md), with every NaN result
// the canonical quiet NaN 0x7FC00000. The product of the two 24-bit
// significands is exact in 48 bits; mxa_fp32_round rounds it once.
module mxa_fp32_mul (
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic [31:0] p_o
);

  localparam int unsigned ExpBits = mxa_dpu_pkg::ExpBits;

  logic                       a_nan, b_nan, a_inf, b_inf, a_zero, b_zero, neg;
  logic [23:0]                a_sig, b_sig;
  logic [7:0]                 a_e1, b_e1;
  logic [47:0]                mag;
  logic signed [ExpBits-1:0]  exp;
  logic [31:0]                rounded;

  assign a_nan  = a_i[30:23] == 8'hff && a_i[22:0] != '0;
  assign b_nan  = b_i[30:23] == 8'hff && b_i[22:0] != '0;
  assign a_inf  = a_i[30:23] == 8'hff && a_i[22:0] == '0;
  assign b_inf  = b_i[30:23] == 8'hff && b_i[22:0] == '0;
  assign a_zero = a_i[30:0] == '0;
  assign b_zero = b_i[30:0] == '0;
  assign neg    = a_i[31] ^ b_i[31];

  assign a_sig = {a_i[30:23] != 8'd0, a_i[22:0]};
  assign b_sig = {b_i[30:23] != 8'd0, b_i[22:0]};
  assign mag   = 48'(a_sig) * 48'(b_sig);
  // Each significand unit is worth 2^(max(E, 1) - 150).
  assign a_e1  = a_i[30:23] == 8'd0 ? 8'd1 : a_i[30:23];
  assign b_e1  = b_i[30:23] == 8'd0 ? 8'd1 : b_i[30:23];
  assign exp   = $signed(ExpBits'(a_e1)) + $signed(ExpBits'(b_e1)) - ExpBits'(300);

  mxa_fp32_round #(
    .MagBits (48)
  ) u_round (
    .neg_i (neg),
    .mag_i (mag),
    .exp_i (exp),
    .f_o   (rounded)
  );

  always_comb begin
    if (a_nan || b_nan || (a_inf && b_zero) || (b_inf && a_zero)) begin
      p_o = 32'h7fc0_0000;
    end else if (a_inf || b_inf) begin
      p_o = {neg, 31'h7f80_0000};
    end else begin
      p_o = rounded;
    end
  end

endmodule
