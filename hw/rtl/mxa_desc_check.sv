// SPDX-License-Identifier: MIT
// mxa_desc_check.sv - validation of a command descriptor (docs/hw-interface.md
// section 5.1): finds the first field, in layout order, that breaks its rule.
// Every rule looks only at fields at lower offsets, so checking all rules at
// once and taking the lowest failing offset gives the documented answer.
// Combinational; mxa_cmd registers the result.
module mxa_desc_check #(
  parameter int unsigned PaBits = 40
) (
  input  mxa_hw_pkg::desc_t      desc_i,
  // the capability registers that the rules consult
  input  logic [31:0]            cap_formats_i,
  input  logic [31:0]            cap_formats_so_i,
  input  logic [31:0]            cap_modes_i,
  input  logic [31:0]            cap_block_i,
  input  logic [15:0]            cap_trunc_i,
  input  logic [31:0]            cap_max_m_i,
  input  logic [31:0]            cap_max_n_i,
  input  logic [31:0]            cap_max_k_i,
  output logic                   bad_o,
  output logic [15:0]            field_o   // byte offset of the first bad field
);

  localparam int unsigned NumFields = 31;
  localparam int unsigned VaBits = mxa_hw_pkg::VA_BITS;
  // Bits of the output formats in CAP_FORMATS_SO (OUT: bit o for 0x30 + o).
  localparam int unsigned OutBf16 = mxa_hw_pkg::REG_CAP_FORMATS_SO_OUT_LSB
      + 32'(mxa_hw_pkg::FMT_BF16) - mxa_hw_pkg::FMT_OUTPUT_FIRST;
  localparam int unsigned OutFp32 = mxa_hw_pkg::REG_CAP_FORMATS_SO_OUT_LSB
      + 32'(mxa_hw_pkg::FMT_FP32) - mxa_hw_pkg::FMT_OUTPUT_FIRST;

  // The byte offset of each checked field, index 0 first in layout order.
  localparam logic [NumFields*16-1:0] Offsets = {
    mxa_hw_pkg::DESC_FIELD_D_STRIDE,  mxa_hw_pkg::DESC_FIELD_C_STRIDE,
    mxa_hw_pkg::DESC_FIELD_SB_STRIDE, mxa_hw_pkg::DESC_FIELD_SA_STRIDE,
    mxa_hw_pkg::DESC_FIELD_B_STRIDE,  mxa_hw_pkg::DESC_FIELD_A_STRIDE,
    mxa_hw_pkg::DESC_FIELD_D_ADDR,    mxa_hw_pkg::DESC_FIELD_C_ADDR,
    mxa_hw_pkg::DESC_FIELD_SB_ADDR,   mxa_hw_pkg::DESC_FIELD_SA_ADDR,
    mxa_hw_pkg::DESC_FIELD_B_ADDR,    mxa_hw_pkg::DESC_FIELD_A_ADDR,
    mxa_hw_pkg::DESC_FIELD_B_TSCALE,  mxa_hw_pkg::DESC_FIELD_A_TSCALE,
    mxa_hw_pkg::DESC_FIELD_TRUNC_N,   mxa_hw_pkg::DESC_FIELD_RSVD1,
    mxa_hw_pkg::DESC_FIELD_BLOCK,
    mxa_hw_pkg::DESC_FIELD_TRUNC_W,   mxa_hw_pkg::DESC_FIELD_OUT_FMT,
    mxa_hw_pkg::DESC_FIELD_ACC_MODE,  mxa_hw_pkg::DESC_FIELD_SCALE_MODE,
    mxa_hw_pkg::DESC_FIELD_B_FMT,     mxa_hw_pkg::DESC_FIELD_A_FMT,
    mxa_hw_pkg::DESC_FIELD_K,         mxa_hw_pkg::DESC_FIELD_N,
    mxa_hw_pkg::DESC_FIELD_M,         mxa_hw_pkg::DESC_FIELD_PT_ROOT,
    mxa_hw_pkg::DESC_FIELD_SEQ,       mxa_hw_pkg::DESC_FIELD_RSVD0,
    mxa_hw_pkg::DESC_FIELD_FLAGS,     mxa_hw_pkg::DESC_FIELD_OPCODE
  };

  // An element format (hw/interface/mxa_formats.toml) that this device
  // lists in CAP_FORMATS.
  function automatic logic elem_ok(input logic [7:0] fmt,
                                   input logic [31:0] formats);
    elem_ok = fmt < 8'd32 && mxa_hw_pkg::FMT_ELEMENT_MASK[fmt[4:0]]
              && formats[fmt[4:0]];
  endfunction

  // NV per-tensor scale: +0 (none) or a positive finite FP32, told by the
  // sign and exponent bits.
  function automatic logic tscale_ok(input logic [8:0] sign_exp);
    tscale_ok = ~sign_exp[8] & (sign_exp[7:0] != 8'hff);
  endfunction

  logic              is_nop, is_matmul, has_c, scaled, mx, nv, trunc, out_bf16;
  logic [7:0]        bs_std;        // the scale mode's standard block size
  logic [7:0]        bs;            // the job's block size along K
  logic [2:0]        bs_log;        // log2 bs (bs is a power of two)
  logic              block_bad;     // BLOCK breaks its rule
  logic [32:0]       nb;            // scale bytes per row: ceil(K / bs)
  logic [35:0]       a_row, b_row;
  logic [35:0]       c_row, d_row;
  logic [NumFields-1:0] nz;         // field is not 0
  logic [NumFields-1:0] rule_bad;   // MATMUL rule broken
  logic [NumFields-1:0] bad;

  assign is_matmul = desc_i.opcode == 16'(mxa_hw_pkg::OP_MATMUL);
  assign is_nop    = desc_i.opcode == 16'(mxa_hw_pkg::OP_NOP);
  assign has_c     = desc_i.flags[mxa_hw_pkg::DESC_FLAGS_HAS_C_LSB];
  assign scaled    = desc_i.scale_mode == 8'(mxa_hw_pkg::SCALE_MX)
                   | desc_i.scale_mode == 8'(mxa_hw_pkg::SCALE_NV);
  assign mx        = desc_i.scale_mode == 8'(mxa_hw_pkg::SCALE_MX);
  assign nv        = desc_i.scale_mode == 8'(mxa_hw_pkg::SCALE_NV);
  assign trunc     = desc_i.acc_mode == 8'(mxa_hw_pkg::ACC_TRUNC);
  assign out_bf16  = desc_i.out_fmt == 8'(mxa_hw_pkg::FMT_BF16);
  // Block size (docs/hw-interface.md, BLOCK and CAP_BLOCK): BLOCK when it
  // is not 0, else the standard size of the scale mode. BLOCK is a power of
  // two listed in CAP_BLOCK.SIZES (bit i for 2^i) and is 0 without block
  // scales; a bad BLOCK is reported before the fields that depend on bs
  // (TRUNC_N and the scale strides come after it in the layout).
  assign bs_std    = nv ? cap_block_i[mxa_hw_pkg::REG_CAP_BLOCK_NV_LSB +: 8]
                   : mx ? cap_block_i[mxa_hw_pkg::REG_CAP_BLOCK_MX_LSB +: 8]
                        : cap_block_i[mxa_hw_pkg::REG_CAP_BLOCK_NONE_LSB +: 8];
  assign bs        = desc_i.block != '0 ? desc_i.block : bs_std;
  assign block_bad = desc_i.block != '0
                   && (!scaled || (desc_i.block & (desc_i.block - 8'd1)) != '0
                       || (desc_i.block
                           & cap_block_i[mxa_hw_pkg::REG_CAP_BLOCK_SIZES_LSB +: 8]) == '0);

  always_comb begin
    bs_log = '0;
    for (int unsigned i = 0; i < 8; i++) begin
      if (bs[i]) bs_log = 3'(i);
    end
  end

  assign nb        = (33'(desc_i.k) + 33'(bs) - 33'd1) >> bs_log;
  assign c_row     = 36'(desc_i.n) << 2;
  assign d_row     = out_bf16 ? 36'(desc_i.n) << 1 : 36'(desc_i.n) << 2;

  // Packed row size of K elements of an operand format (numerics section
  // 6): ceil(K x bits / 8) with the format's fmt_bits, for each width below
  // 8 as (K x u + 2^s - 1) >> s for bits = u x 2^(3-s), u odd, so with
  // shifted adds of K; 8-bit formats (and a value that is not an element
  // format, whose format rule fails first) take K bytes.
  logic [35:0]  k36;
  logic [8*36-1:0] width_row;   // width w at bits 36w ...

  assign k36 = 36'(desc_i.k);

  for (genvar w = 1; w < 8; w++) begin : g_width_row
    localparam int unsigned S = w % 2 != 0 ? 3 : w % 4 != 0 ? 2 : 1;
    localparam int unsigned U = w >> (3 - S);
    logic [35:0] ku;
    assign ku = ((U & 1) != 0 ? k36 : '0) + ((U & 2) != 0 ? k36 << 1 : '0)
              + ((U & 4) != 0 ? k36 << 2 : '0);
    assign width_row[36*w +: 36] = (ku + 36'((1 << S) - 1)) >> S;
  end
  assign width_row[35:0] = '0;

  // Base-3 packing (five ternary digits to a byte): ceil(K / 5) bytes,
  // floor((K + 4) / 5) as a multiply by the reciprocal 2^35 / 5 rounded up
  // (0x1_9999_999A, 2 too large in 5 x it), exact below 2^34.
  logic [35:0] b3_row;

  assign b3_row = 36'(((72'(k36) + 72'd4) * 72'h1_9999_999A) >> 35);

  // Bit w of a_width / b_width: A's / B's format is an element format of w
  // bits packed densely; a_b3 / b_b3: packed in base 3.
  logic [(mxa_hw_pkg::FMT_ELEMENT_LAST + 1)*8-1:0] a_fmt_width, b_fmt_width;
  logic [mxa_hw_pkg::FMT_ELEMENT_LAST:0]           a_fmt_b3, b_fmt_b3;
  logic [7:0]                          a_width, b_width;

  for (genvar f = 0; f <= mxa_hw_pkg::FMT_ELEMENT_LAST; f++) begin : g_fmt_width
    localparam bit          Elem = mxa_hw_pkg::FMT_ELEMENT_MASK[f];
    localparam bit          B3   = Elem && mxa_hw_pkg::fmt_packing(f) == mxa_hw_pkg::FMT_PACK_BASE3;
    localparam int unsigned Bits = Elem && !B3 ? mxa_hw_pkg::fmt_bits(f) : 8;
    assign a_fmt_width[8*f +: 8] = 8'(32'(desc_i.a_fmt) == f && Bits < 8) << (Bits % 8);
    assign b_fmt_width[8*f +: 8] = 8'(32'(desc_i.b_fmt) == f && Bits < 8) << (Bits % 8);
    assign a_fmt_b3[f] = 32'(desc_i.a_fmt) == f && B3;
    assign b_fmt_b3[f] = 32'(desc_i.b_fmt) == f && B3;
  end

  always_comb begin
    a_width = '0;
    b_width = '0;
    for (int unsigned f = 0; f <= mxa_hw_pkg::FMT_ELEMENT_LAST; f++) begin
      a_width = a_width | a_fmt_width[8*f +: 8];
      b_width = b_width | b_fmt_width[8*f +: 8];
    end
  end

  always_comb begin
    a_row = k36;
    b_row = k36;
    for (int unsigned w = 1; w < 8; w++) begin
      if (a_width[w]) a_row = width_row[36*w +: 36];
      if (b_width[w]) b_row = width_row[36*w +: 36];
    end
    if (a_fmt_b3 != '0) a_row = b3_row;
    if (b_fmt_b3 != '0) b_row = b3_row;
  end

  assign nz = {
    desc_i.d_stride != '0,  desc_i.c_stride != '0,
    desc_i.sb_stride != '0, desc_i.sa_stride != '0,
    desc_i.b_stride != '0,  desc_i.a_stride != '0,
    desc_i.d_addr != '0,    desc_i.c_addr != '0,
    desc_i.sb_addr != '0,   desc_i.sa_addr != '0,
    desc_i.b_addr != '0,    desc_i.a_addr != '0,
    desc_i.b_tscale != '0,  desc_i.a_tscale != '0,
    desc_i.trunc_n != '0,   desc_i.rsvd1 != '0,
    desc_i.block != '0,
    desc_i.trunc_w != '0,   desc_i.out_fmt != '0,
    desc_i.acc_mode != '0,  desc_i.scale_mode != '0,
    desc_i.b_fmt != '0,     desc_i.a_fmt != '0,
    desc_i.k != '0,         desc_i.n != '0,
    desc_i.m != '0,         desc_i.pt_root != '0,
    desc_i.seq != '0,       desc_i.rsvd0 != '0,
    desc_i.flags != '0,     desc_i.opcode != '0
  };

  always_comb begin
    rule_bad = '0;
    // OPCODE, FLAGS, RSVD0, SEQ
    rule_bad[0]  = 1'b0;
    rule_bad[1]  = desc_i.flags[15:1] != '0;
    rule_bad[2]  = nz[2];
    rule_bad[3]  = ~nz[3];
    // PT_ROOT: page aligned, below 2^PA_BITS
    rule_bad[4]  = desc_i.pt_root[11:0] != '0
                 | (desc_i.pt_root >> PaBits) != '0;
    // M, N, K: 1 ... CAP_MAX_*
    rule_bad[5]  = ~nz[5] | desc_i.m > cap_max_m_i;
    rule_bad[6]  = ~nz[6] | desc_i.n > cap_max_n_i;
    rule_bad[7]  = ~nz[7] | desc_i.k > cap_max_k_i;
    // formats and modes listed by the capability registers
    rule_bad[8]  = ~elem_ok(desc_i.a_fmt, cap_formats_i);
    rule_bad[9]  = ~elem_ok(desc_i.b_fmt, cap_formats_i);
    rule_bad[10] = ~(desc_i.scale_mode < 8'd3
                     && cap_modes_i[{2'b00, desc_i.scale_mode[2:0]}]);
    rule_bad[11] = ~(desc_i.acc_mode < 8'd3
                     && cap_modes_i[8 + 32'(desc_i.acc_mode[1:0])])
                 | (desc_i.acc_mode == 8'(mxa_hw_pkg::ACC_EXACT)
                    && desc_i.scale_mode != 8'(mxa_hw_pkg::SCALE_NONE));
    rule_bad[12] = ~((out_bf16 && cap_formats_so_i[OutBf16])
                     || (desc_i.out_fmt == 8'(mxa_hw_pkg::FMT_FP32)
                         && cap_formats_so_i[OutFp32]));
    // TRUNC parameters only with TRUNC
    rule_bad[13] = trunc ? (desc_i.trunc_w < cap_trunc_i[7:0]
                            || desc_i.trunc_w > cap_trunc_i[15:8])
                         : nz[13];
    // BLOCK: 0, or a size of CAP_BLOCK.SIZES with block scales
    rule_bad[14] = block_bad;
    rule_bad[15] = nz[15];
    // TRUNC_N: a multiple of the block size, bs ... TRUNC_N_MAX
    rule_bad[16] = trunc ? (desc_i.trunc_n < 32'(bs)
                            || desc_i.trunc_n > mxa_hw_pkg::TRUNC_N_MAX
                            || (desc_i.trunc_n & (32'(bs) - 32'd1)) != '0)
                         : nz[16];
    // per-tensor scales only with NV
    rule_bad[17] = nv ? ~tscale_ok(desc_i.a_tscale[31:23]) : nz[17];
    rule_bad[18] = nv ? ~tscale_ok(desc_i.b_tscale[31:23]) : nz[18];
    // addresses: device-virtual, below 2^VA_BITS; C and D aligned
    rule_bad[19] = (desc_i.a_addr >> VaBits) != '0;
    rule_bad[20] = (desc_i.b_addr >> VaBits) != '0;
    rule_bad[21] = scaled ? (desc_i.sa_addr >> VaBits) != '0 : nz[21];
    rule_bad[22] = scaled ? (desc_i.sb_addr >> VaBits) != '0 : nz[22];
    rule_bad[23] = has_c ? ((desc_i.c_addr >> VaBits) != '0
                            || desc_i.c_addr[1:0] != '0)
                         : nz[23];
    rule_bad[24] = (desc_i.d_addr >> VaBits) != '0
                 | desc_i.d_addr[0] | (~out_bf16 & desc_i.d_addr[1]);
    // strides cover a packed row
    rule_bad[25] = 36'(desc_i.a_stride) < a_row;
    rule_bad[26] = 36'(desc_i.b_stride) < b_row;
    rule_bad[27] = scaled ? 33'(desc_i.sa_stride) < nb : nz[27];
    rule_bad[28] = scaled ? 33'(desc_i.sb_stride) < nb : nz[28];
    rule_bad[29] = has_c ? (desc_i.c_stride[1:0] != '0
                            || 36'(desc_i.c_stride) < c_row)
                         : nz[29];
    rule_bad[30] = desc_i.d_stride[0] | (~out_bf16 & desc_i.d_stride[1])
                 | 36'(desc_i.d_stride) < d_row;
  end

  // NOP: every field but OPCODE and SEQ is 0 and SEQ is not.
  always_comb begin
    if (is_matmul) begin
      bad = rule_bad;
    end else if (is_nop) begin
      bad = nz;
      bad[0] = 1'b0;
      bad[3] = ~nz[3];
    end else begin
      bad = '0;
      bad[0] = 1'b1;
    end
  end

  always_comb begin
    field_o = '0;
    for (int i = NumFields - 1; i >= 0; i--) begin
      if (bad[i]) begin
        field_o = Offsets[i*16 +: 16];
      end
    end
  end

  assign bad_o = |bad;

endmodule
