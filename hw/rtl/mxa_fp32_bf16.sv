// SPDX-License-Identifier: MIT
// mxa_fp32_bf16.sv - bf16(x) of docs/numerics.md section 3: binary32 to
// BF16 rounded to nearest with ties to even, subnormals kept, a carry out of
// the largest finite BF16 becoming infinity (it lands in the exponent field
// by itself), and any NaN the canonical 0x7FC0.
module mxa_fp32_bf16 (
  input  logic [31:0] f_i,
  output logic [15:0] h_o
);

  logic nan, up;

  assign nan = f_i[30:23] == 8'hff && f_i[22:0] != '0;
  assign up  = f_i[15] && (f_i[14:0] != '0 || f_i[16]);
  assign h_o = nan ? 16'h7fc0 : f_i[31:16] + 16'(up);

endmodule
