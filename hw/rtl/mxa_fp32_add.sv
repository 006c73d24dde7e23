// SPDX-License-Identifier: MIT
// mxa_fp32_add.sv - IEEE binary32 addition a + b, round to nearest even,
// subnormals kept (the "+" of docs/numerics.md), with every NaN result the
// canonical quiet NaN 0x7FC00000. Combinational: it is the one operation
// in the accumulator's loop.
module mxa_fp32_add (
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic [31:0] s_o
);

  localparam int unsigned ExpBits = mxa_dpu_pkg::ExpBits;

  logic                       a_nan, b_nan, a_inf, b_inf;
  logic                       sum_neg;
  logic [27:0]                sum_mag;
  logic signed [ExpBits-1:0]  sum_exp, b_lsb;
  logic [31:0]                rounded;
  logic [7:0]                 b_e1;

  assign a_nan = a_i[30:23] == 8'hff && a_i[22:0] != '0;
  assign b_nan = b_i[30:23] == 8'hff && b_i[22:0] != '0;
  assign a_inf = a_i[30:23] == 8'hff && a_i[22:0] == '0;
  assign b_inf = b_i[30:23] == 8'hff && b_i[22:0] == '0;

  // b's significand is worth 2^(max(E, 1) - 150) per unit.
  assign b_e1  = b_i[30:23] == 8'd0 ? 8'd1 : b_i[30:23];
  assign b_lsb = $signed(ExpBits'(b_e1)) - ExpBits'(150);

  mxa_fp32_addw #(
    .BBits (24)
  ) u_addw (
    .a_i     (a_i),
    .b_neg_i (b_i[31]),
    .b_mag_i ({b_i[30:23] != 8'd0, b_i[22:0]}),
    .b_exp_i (b_lsb),
    .neg_o   (sum_neg),
    .mag_o   (sum_mag),
    .exp_o   (sum_exp)
  );

  mxa_fp32_round #(
    .MagBits (28)
  ) u_round (
    .neg_i (sum_neg),
    .mag_i (sum_mag),
    .exp_i (sum_exp),
    .f_o   (rounded)
  );

  always_comb begin
    if (a_nan || b_nan || (a_inf && b_inf && a_i[31] != b_i[31])) begin
      s_o = 32'h7fc0_0000;
    end else if (a_inf) begin
      s_o = a_i;
    end else if (b_inf) begin
      s_o = b_i;
    end else begin
      s_o = rounded;
    end
  end

endmodule
