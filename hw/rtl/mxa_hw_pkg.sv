// SPDX-License-Identifier: MIT
// mxa_hw_pkg.sv - the mxa hardware interface for the RTL: register offsets
// and fields, descriptor and completion record layouts, page-table entry
// and enumerations, explained in docs/hw-interface.md.
//
// Generated from hw/interface/mxa_hw.toml by scripts/gen_hw_interface.py:
// do not edit; change the description and run `make`.
//
// Register fields: REG_<reg>_<field>_LSB/_WIDTH; a 64-bit register has
// halves REG_<reg>_LO/_HI and its fields are numbered on the 64-bit value.
// Records: byte i of a record is bits 8i+7:8i of a little-endian vector,
// which is also the layout of the packed structs desc_t and cmpl_t;
// <REC>_<field>_LSB/_WIDTH locate a field in that vector and
// <REC>_<field>_<sub>_LSB/_WIDTH a sub-field within its field.
package mxa_hw_pkg;

  // Each design uses a part of the interface; the rest is not an error.
  /* verilator lint_off UNUSEDPARAM */

  localparam logic [31:0] HW_ID = 32'h4d584131;
  localparam int unsigned VERSION_MAJOR = 2;
  localparam int unsigned VERSION_MINOR = 1;
  localparam int unsigned REG_ADDR_BITS = 12;

  // log2 of the page size of the device MMU (4 KiB).
  localparam int unsigned PAGE_SHIFT = 12;
  // Levels of page tables; the root is level 2, leaves are in level 0.
  localparam int unsigned PT_LEVELS = 3;
  // Virtual-address bits translated per level: a table holds 512 eight-byte
  // entries and fills one page.
  localparam int unsigned PT_INDEX_BITS = 9;
  // Width of a device-virtual address: PAGE_SHIFT + PT_LEVELS x PT_INDEX_BITS.
  localparam int unsigned VA_BITS = 39;
  // Largest RING_SIZE.LOG2: a ring holds at most 32768 descriptors.
  localparam int unsigned RING_LOG2_MAX = 15;
  // Largest promotion interval N of the TRUNC accumulation mode.
  localparam int unsigned TRUNC_N_MAX = 65536;
  // The block sizes along K the numerics define for the scale modes MX and NV,
  // bit i for 2^i: 8, 16, 32 and 64 (CAP_BLOCK.SIZES lists those a device
  // supports).
  localparam int unsigned BLOCK_SIZES = 120;
  // Smallest kept bits W the TRUNC arithmetic defines (numerics section 5.2);
  // a device supports CAP_TRUNC.W_MIN ... W_MAX within TRUNC_W_MIN ...
  // TRUNC_W_MAX.
  localparam int unsigned TRUNC_W_MIN = 4;
  // Largest kept bits W the TRUNC arithmetic defines.
  localparam int unsigned TRUNC_W_MAX = 32;
  // The kept bits W software asks for when a job does not say (the library's
  // acc_bits 0).
  localparam int unsigned TRUNC_W_DEFAULT = 14;
  // The promotion interval N software asks for when a job does not say (the
  // library's acc_interval 0).
  localparam int unsigned TRUNC_N_DEFAULT = 128;

  // enum FMT: Number formats.
  typedef enum logic [7:0] {
    FMT_E5M2 = 8'd0,
    FMT_E4M3 = 8'd1,
    FMT_E3M2 = 8'd2,
    FMT_E2M3 = 8'd3,
    FMT_E2M1 = 8'd4,
    FMT_INT8 = 8'd5,
    FMT_TERNARY = 8'd6,
    FMT_E3M4 = 8'd7,
    FMT_E4M3FNUZ = 8'd8,
    FMT_E5M2FNUZ = 8'd9,
    FMT_INT4 = 8'd10,
    FMT_E2M2 = 8'd11,
    FMT_TERNARY_B3 = 8'd12,
    FMT_E8M0 = 8'd32,
    FMT_UE4M3 = 8'd33,
    FMT_BF16 = 8'd48,
    FMT_FP32 = 8'd49
  } fmt_e;

  // enum SCALE: Block-scale modes (`enum mxa_scale_mode`).
  typedef enum logic [7:0] {
    SCALE_NONE = 8'd0,
    SCALE_MX = 8'd1,
    SCALE_NV = 8'd2
  } scale_e;

  // enum ACC: Accumulation modes (`enum mxa_acc`).
  typedef enum logic [7:0] {
    ACC_FP32 = 8'd0,
    ACC_TRUNC = 8'd1,
    ACC_EXACT = 8'd2
  } acc_e;

  // enum OP: Descriptor opcodes.
  typedef enum logic [15:0] {
    OP_MATMUL = 16'd1,
    OP_NOP = 16'd2
  } op_e;

  // enum STATUS: Completion status of a job.
  typedef enum logic [15:0] {
    STATUS_OK = 16'd0,
    STATUS_BAD_DESC = 16'd1,
    STATUS_INVALID_CODE = 16'd2,
    STATUS_MMU_UNMAPPED = 16'd3,
    STATUS_MMU_READONLY = 16'd4,
    STATUS_MMU_BAD_PTE = 16'd5,
    STATUS_BUS_ERROR = 16'd6,
    STATUS_ABORTED = 16'd7
  } status_e;

  // enum STREAM: The memory stream an error is attributed to (the DETAIL of a
  // completion record).
  typedef enum logic [15:0] {
    STREAM_NONE = 16'd0,
    STREAM_A = 16'd1,
    STREAM_B = 16'd2,
    STREAM_SA = 16'd3,
    STREAM_SB = 16'd4,
    STREAM_C = 16'd5,
    STREAM_D = 16'd6,
    STREAM_PT = 16'd7
  } stream_e;

  // enum HALT: Why the device halted (HALT_CAUSE.CODE).
  typedef enum logic [7:0] {
    HALT_NONE = 8'd0,
    HALT_DESC_BUS_ERROR = 8'd1,
    HALT_CMPL_BUS_ERROR = 8'd2,
    HALT_BAD_TAIL = 8'd3
  } halt_e;

  // The number formats (hw/interface/mxa_formats.toml), as functions of an
  // enum FMT value that the RTL sizes and decodes from. Each returns 0 for a
  // value that is not a format.
  localparam int unsigned FMT_ROLE_ELEMENT = 0;
  localparam int unsigned FMT_ROLE_SCALE = 1;
  localparam int unsigned FMT_ROLE_OUTPUT = 2;
  localparam int unsigned FMT_ENC_FLOAT = 0;
  localparam int unsigned FMT_ENC_POW2 = 1;
  localparam int unsigned FMT_ENC_INT = 2;
  localparam int unsigned FMT_ENC_TERNARY = 3;
  localparam int unsigned FMT_SPECIALS_IEEE = 0;
  localparam int unsigned FMT_SPECIALS_FN = 1;
  localparam int unsigned FMT_SPECIALS_FNUZ = 2;
  localparam int unsigned FMT_SPECIALS_NONE = 3;
  localparam int unsigned FMT_PACK_DENSE = 0;
  localparam int unsigned FMT_PACK_BASE3 = 1;
  localparam int unsigned FMT_ELEMENT_FIRST = 0;
  localparam int unsigned FMT_ELEMENT_LAST = 31;
  localparam int unsigned FMT_SCALE_FIRST = 32;
  localparam int unsigned FMT_SCALE_LAST = 47;
  localparam int unsigned FMT_OUTPUT_FIRST = 48;
  localparam int unsigned FMT_OUTPUT_LAST = 63;
  localparam int unsigned FMT_VALUES = 50;
  localparam logic [31:0] FMT_ELEMENT_MASK = 32'h00001fff;

  // fmt_role(): FMT_ROLE_ELEMENT, _SCALE or _OUTPUT.
  function automatic int unsigned fmt_role(input int unsigned fmt);
    unique case (fmt)
      0: fmt_role = FMT_ROLE_ELEMENT;
      1: fmt_role = FMT_ROLE_ELEMENT;
      2: fmt_role = FMT_ROLE_ELEMENT;
      3: fmt_role = FMT_ROLE_ELEMENT;
      4: fmt_role = FMT_ROLE_ELEMENT;
      5: fmt_role = FMT_ROLE_ELEMENT;
      6: fmt_role = FMT_ROLE_ELEMENT;
      7: fmt_role = FMT_ROLE_ELEMENT;
      8: fmt_role = FMT_ROLE_ELEMENT;
      9: fmt_role = FMT_ROLE_ELEMENT;
      10: fmt_role = FMT_ROLE_ELEMENT;
      11: fmt_role = FMT_ROLE_ELEMENT;
      12: fmt_role = FMT_ROLE_ELEMENT;
      32: fmt_role = FMT_ROLE_SCALE;
      33: fmt_role = FMT_ROLE_SCALE;
      48: fmt_role = FMT_ROLE_OUTPUT;
      49: fmt_role = FMT_ROLE_OUTPUT;
      default: fmt_role = 0;
    endcase
  endfunction

  // fmt_encoding(): FMT_ENC_FLOAT, _POW2, _INT or _TERNARY.
  function automatic int unsigned fmt_encoding(input int unsigned fmt);
    unique case (fmt)
      0: fmt_encoding = FMT_ENC_FLOAT;
      1: fmt_encoding = FMT_ENC_FLOAT;
      2: fmt_encoding = FMT_ENC_FLOAT;
      3: fmt_encoding = FMT_ENC_FLOAT;
      4: fmt_encoding = FMT_ENC_FLOAT;
      5: fmt_encoding = FMT_ENC_INT;
      6: fmt_encoding = FMT_ENC_TERNARY;
      7: fmt_encoding = FMT_ENC_FLOAT;
      8: fmt_encoding = FMT_ENC_FLOAT;
      9: fmt_encoding = FMT_ENC_FLOAT;
      10: fmt_encoding = FMT_ENC_INT;
      11: fmt_encoding = FMT_ENC_FLOAT;
      12: fmt_encoding = FMT_ENC_TERNARY;
      32: fmt_encoding = FMT_ENC_POW2;
      33: fmt_encoding = FMT_ENC_FLOAT;
      48: fmt_encoding = FMT_ENC_FLOAT;
      49: fmt_encoding = FMT_ENC_FLOAT;
      default: fmt_encoding = 0;
    endcase
  endfunction

  // fmt_bits(): bits of a code.
  function automatic int unsigned fmt_bits(input int unsigned fmt);
    unique case (fmt)
      0: fmt_bits = 8;
      1: fmt_bits = 8;
      2: fmt_bits = 6;
      3: fmt_bits = 6;
      4: fmt_bits = 4;
      5: fmt_bits = 8;
      6: fmt_bits = 2;
      7: fmt_bits = 8;
      8: fmt_bits = 8;
      9: fmt_bits = 8;
      10: fmt_bits = 4;
      11: fmt_bits = 5;
      12: fmt_bits = 2;
      32: fmt_bits = 8;
      33: fmt_bits = 8;
      48: fmt_bits = 16;
      49: fmt_bits = 32;
      default: fmt_bits = 0;
    endcase
  endfunction

  // fmt_exp_bits(): exponent bits.
  function automatic int unsigned fmt_exp_bits(input int unsigned fmt);
    unique case (fmt)
      0: fmt_exp_bits = 5;
      1: fmt_exp_bits = 4;
      2: fmt_exp_bits = 3;
      3: fmt_exp_bits = 2;
      4: fmt_exp_bits = 2;
      5: fmt_exp_bits = 0;
      6: fmt_exp_bits = 0;
      7: fmt_exp_bits = 3;
      8: fmt_exp_bits = 4;
      9: fmt_exp_bits = 5;
      10: fmt_exp_bits = 0;
      11: fmt_exp_bits = 2;
      12: fmt_exp_bits = 0;
      32: fmt_exp_bits = 8;
      33: fmt_exp_bits = 4;
      48: fmt_exp_bits = 8;
      49: fmt_exp_bits = 8;
      default: fmt_exp_bits = 0;
    endcase
  endfunction

  // fmt_man_bits(): mantissa bits.
  function automatic int unsigned fmt_man_bits(input int unsigned fmt);
    unique case (fmt)
      0: fmt_man_bits = 2;
      1: fmt_man_bits = 3;
      2: fmt_man_bits = 2;
      3: fmt_man_bits = 3;
      4: fmt_man_bits = 1;
      5: fmt_man_bits = 0;
      6: fmt_man_bits = 0;
      7: fmt_man_bits = 4;
      8: fmt_man_bits = 3;
      9: fmt_man_bits = 2;
      10: fmt_man_bits = 0;
      11: fmt_man_bits = 2;
      12: fmt_man_bits = 0;
      32: fmt_man_bits = 0;
      33: fmt_man_bits = 3;
      48: fmt_man_bits = 7;
      49: fmt_man_bits = 23;
      default: fmt_man_bits = 0;
    endcase
  endfunction

  // fmt_bias(): exponent bias.
  function automatic int unsigned fmt_bias(input int unsigned fmt);
    unique case (fmt)
      0: fmt_bias = 15;
      1: fmt_bias = 7;
      2: fmt_bias = 3;
      3: fmt_bias = 1;
      4: fmt_bias = 1;
      5: fmt_bias = 0;
      6: fmt_bias = 0;
      7: fmt_bias = 3;
      8: fmt_bias = 8;
      9: fmt_bias = 16;
      10: fmt_bias = 0;
      11: fmt_bias = 1;
      12: fmt_bias = 0;
      32: fmt_bias = 127;
      33: fmt_bias = 7;
      48: fmt_bias = 127;
      49: fmt_bias = 127;
      default: fmt_bias = 0;
    endcase
  endfunction

  // fmt_signed(): 1 when the code has a sign bit.
  function automatic int unsigned fmt_signed(input int unsigned fmt);
    unique case (fmt)
      0: fmt_signed = 1;
      1: fmt_signed = 1;
      2: fmt_signed = 1;
      3: fmt_signed = 1;
      4: fmt_signed = 1;
      5: fmt_signed = 1;
      6: fmt_signed = 1;
      7: fmt_signed = 1;
      8: fmt_signed = 1;
      9: fmt_signed = 1;
      10: fmt_signed = 1;
      11: fmt_signed = 1;
      12: fmt_signed = 1;
      32: fmt_signed = 0;
      33: fmt_signed = 0;
      48: fmt_signed = 1;
      49: fmt_signed = 1;
      default: fmt_signed = 0;
    endcase
  endfunction

  // fmt_specials(): FMT_SPECIALS_IEEE, _FN, _FNUZ or _NONE.
  function automatic int unsigned fmt_specials(input int unsigned fmt);
    unique case (fmt)
      0: fmt_specials = FMT_SPECIALS_IEEE;
      1: fmt_specials = FMT_SPECIALS_FN;
      2: fmt_specials = FMT_SPECIALS_NONE;
      3: fmt_specials = FMT_SPECIALS_NONE;
      4: fmt_specials = FMT_SPECIALS_NONE;
      5: fmt_specials = FMT_SPECIALS_NONE;
      6: fmt_specials = FMT_SPECIALS_NONE;
      7: fmt_specials = FMT_SPECIALS_IEEE;
      8: fmt_specials = FMT_SPECIALS_FNUZ;
      9: fmt_specials = FMT_SPECIALS_FNUZ;
      10: fmt_specials = FMT_SPECIALS_NONE;
      11: fmt_specials = FMT_SPECIALS_NONE;
      12: fmt_specials = FMT_SPECIALS_NONE;
      32: fmt_specials = FMT_SPECIALS_FN;
      33: fmt_specials = FMT_SPECIALS_FN;
      48: fmt_specials = FMT_SPECIALS_IEEE;
      49: fmt_specials = FMT_SPECIALS_IEEE;
      default: fmt_specials = 0;
    endcase
  endfunction

  // fmt_max_mag(): magnitude code of the largest finite value.
  function automatic int unsigned fmt_max_mag(input int unsigned fmt);
    unique case (fmt)
      0: fmt_max_mag = 123;
      1: fmt_max_mag = 126;
      2: fmt_max_mag = 31;
      3: fmt_max_mag = 31;
      4: fmt_max_mag = 7;
      5: fmt_max_mag = 127;
      6: fmt_max_mag = 1;
      7: fmt_max_mag = 111;
      8: fmt_max_mag = 127;
      9: fmt_max_mag = 127;
      10: fmt_max_mag = 7;
      11: fmt_max_mag = 15;
      12: fmt_max_mag = 1;
      32: fmt_max_mag = 254;
      33: fmt_max_mag = 126;
      48: fmt_max_mag = 32639;
      49: fmt_max_mag = 2139095039;
      default: fmt_max_mag = 0;
    endcase
  endfunction

  // fmt_lsb(): exponent of the smallest nonzero magnitude.
  function automatic int fmt_lsb(input int unsigned fmt);
    unique case (fmt)
      0: fmt_lsb = -16;
      1: fmt_lsb = -9;
      2: fmt_lsb = -4;
      3: fmt_lsb = -3;
      4: fmt_lsb = -1;
      5: fmt_lsb = 0;
      6: fmt_lsb = 0;
      7: fmt_lsb = -6;
      8: fmt_lsb = -10;
      9: fmt_lsb = -17;
      10: fmt_lsb = 0;
      11: fmt_lsb = -2;
      12: fmt_lsb = 0;
      32: fmt_lsb = -127;
      33: fmt_lsb = -9;
      48: fmt_lsb = -133;
      49: fmt_lsb = -149;
      default: fmt_lsb = 0;
    endcase
  endfunction

  // fmt_scaled_lsb(): exponent of an integer code's unit under a block scale.
  function automatic int fmt_scaled_lsb(input int unsigned fmt);
    unique case (fmt)
      0: fmt_scaled_lsb = 0;
      1: fmt_scaled_lsb = 0;
      2: fmt_scaled_lsb = 0;
      3: fmt_scaled_lsb = 0;
      4: fmt_scaled_lsb = 0;
      5: fmt_scaled_lsb = -6;
      6: fmt_scaled_lsb = 0;
      7: fmt_scaled_lsb = 0;
      8: fmt_scaled_lsb = 0;
      9: fmt_scaled_lsb = 0;
      10: fmt_scaled_lsb = -2;
      11: fmt_scaled_lsb = 0;
      12: fmt_scaled_lsb = 0;
      32: fmt_scaled_lsb = 0;
      33: fmt_scaled_lsb = 0;
      48: fmt_scaled_lsb = 0;
      49: fmt_scaled_lsb = 0;
      default: fmt_scaled_lsb = 0;
    endcase
  endfunction

  // fmt_packing(): FMT_PACK_DENSE (a bit string of fmt_bits per code) or
  // FMT_PACK_BASE3 (five ternary digits to a byte).
  function automatic int unsigned fmt_packing(input int unsigned fmt);
    unique case (fmt)
      0: fmt_packing = FMT_PACK_DENSE;
      1: fmt_packing = FMT_PACK_DENSE;
      2: fmt_packing = FMT_PACK_DENSE;
      3: fmt_packing = FMT_PACK_DENSE;
      4: fmt_packing = FMT_PACK_DENSE;
      5: fmt_packing = FMT_PACK_DENSE;
      6: fmt_packing = FMT_PACK_DENSE;
      7: fmt_packing = FMT_PACK_DENSE;
      8: fmt_packing = FMT_PACK_DENSE;
      9: fmt_packing = FMT_PACK_DENSE;
      10: fmt_packing = FMT_PACK_DENSE;
      11: fmt_packing = FMT_PACK_DENSE;
      12: fmt_packing = FMT_PACK_BASE3;
      32: fmt_packing = FMT_PACK_DENSE;
      33: fmt_packing = FMT_PACK_DENSE;
      48: fmt_packing = FMT_PACK_DENSE;
      49: fmt_packing = FMT_PACK_DENSE;
      default: fmt_packing = 0;
    endcase
  endfunction

  // ID (RO): Identifies an mxa device.
  localparam logic [REG_ADDR_BITS-1:0] REG_ID = 12'h000;
  localparam logic [31:0] REG_ID_RESET = 32'h4d584131;
  localparam int unsigned REG_ID_MAGIC_LSB = 0;
  localparam int unsigned REG_ID_MAGIC_WIDTH = 32;

  // VERSION (RO): Version of this interface.
  localparam logic [REG_ADDR_BITS-1:0] REG_VERSION = 12'h004;
  localparam logic [31:0] REG_VERSION_RESET = 32'h00020001;
  localparam int unsigned REG_VERSION_MINOR_LSB = 0;
  localparam int unsigned REG_VERSION_MINOR_WIDTH = 16;
  localparam int unsigned REG_VERSION_MAJOR_LSB = 16;
  localparam int unsigned REG_VERSION_MAJOR_WIDTH = 16;

  // CAP_FLAGS (RO): Properties of this build of the device.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_FLAGS = 12'h008;
  localparam int unsigned REG_CAP_FLAGS_SIM_LSB = 0;
  localparam int unsigned REG_CAP_FLAGS_SIM_WIDTH = 1;

  // CAP_FORMATS (RO): Supported element formats: bit f is set when element
  // format f (enum FMT 0x00 ... 0x1F) may be A_FMT or B_FMT (in any pair).
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_FORMATS = 12'h00c;
  localparam int unsigned REG_CAP_FORMATS_ELEM_LSB = 0;
  localparam int unsigned REG_CAP_FORMATS_ELEM_WIDTH = 32;

  // CAP_MODES (RO): Supported scale and accumulation modes.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_MODES = 12'h010;
  localparam int unsigned REG_CAP_MODES_SCALE_LSB = 0;
  localparam int unsigned REG_CAP_MODES_SCALE_WIDTH = 8;
  localparam int unsigned REG_CAP_MODES_ACC_LSB = 8;
  localparam int unsigned REG_CAP_MODES_ACC_WIDTH = 8;

  // CAP_ARRAY (RO): Shape of the compute array: ROWS x COLS dot-product units,
  // each fed LANE_BITS bits of A and of B per cycle.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_ARRAY = 12'h014;
  localparam int unsigned REG_CAP_ARRAY_ROWS_LSB = 0;
  localparam int unsigned REG_CAP_ARRAY_ROWS_WIDTH = 8;
  localparam int unsigned REG_CAP_ARRAY_COLS_LSB = 8;
  localparam int unsigned REG_CAP_ARRAY_COLS_WIDTH = 8;
  localparam int unsigned REG_CAP_ARRAY_LANE_BITS_LSB = 16;
  localparam int unsigned REG_CAP_ARRAY_LANE_BITS_WIDTH = 16;

  // CAP_FORMATS_SO (RO): Supported scale and output formats, one bit per value
  // of their enum FMT range.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_FORMATS_SO = 12'h018;
  localparam int unsigned REG_CAP_FORMATS_SO_SCALE_LSB = 0;
  localparam int unsigned REG_CAP_FORMATS_SO_SCALE_WIDTH = 16;
  localparam int unsigned REG_CAP_FORMATS_SO_OUT_LSB = 16;
  localparam int unsigned REG_CAP_FORMATS_SO_OUT_WIDTH = 16;

  // CAP_BLOCK (RO): Block sizes along K.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_BLOCK = 12'h020;
  localparam int unsigned REG_CAP_BLOCK_NONE_LSB = 0;
  localparam int unsigned REG_CAP_BLOCK_NONE_WIDTH = 8;
  localparam int unsigned REG_CAP_BLOCK_NONE_RESET = 32;
  localparam int unsigned REG_CAP_BLOCK_MX_LSB = 8;
  localparam int unsigned REG_CAP_BLOCK_MX_WIDTH = 8;
  localparam int unsigned REG_CAP_BLOCK_MX_RESET = 32;
  localparam int unsigned REG_CAP_BLOCK_NV_LSB = 16;
  localparam int unsigned REG_CAP_BLOCK_NV_WIDTH = 8;
  localparam int unsigned REG_CAP_BLOCK_NV_RESET = 16;
  localparam int unsigned REG_CAP_BLOCK_SIZES_LSB = 24;
  localparam int unsigned REG_CAP_BLOCK_SIZES_WIDTH = 8;

  // CAP_TRUNC (RO): Range of the kept bits W of the TRUNC accumulation mode
  // (both 0 when TRUNC is not supported).
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_TRUNC = 12'h024;
  localparam int unsigned REG_CAP_TRUNC_W_MIN_LSB = 0;
  localparam int unsigned REG_CAP_TRUNC_W_MIN_WIDTH = 8;
  localparam int unsigned REG_CAP_TRUNC_W_MAX_LSB = 8;
  localparam int unsigned REG_CAP_TRUNC_W_MAX_WIDTH = 8;

  // CAP_MAX_M (RO): Largest M of a job.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_MAX_M = 12'h028;
  localparam int unsigned REG_CAP_MAX_M_VALUE_LSB = 0;
  localparam int unsigned REG_CAP_MAX_M_VALUE_WIDTH = 32;

  // CAP_MAX_N (RO): Largest N of a job.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_MAX_N = 12'h02c;
  localparam int unsigned REG_CAP_MAX_N_VALUE_LSB = 0;
  localparam int unsigned REG_CAP_MAX_N_VALUE_WIDTH = 32;

  // CAP_MAX_K (RO): Largest K of a job.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_MAX_K = 12'h030;
  localparam int unsigned REG_CAP_MAX_K_VALUE_LSB = 0;
  localparam int unsigned REG_CAP_MAX_K_VALUE_WIDTH = 32;

  // CAP_MEM (RO): The memory port.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_MEM = 12'h034;
  localparam int unsigned REG_CAP_MEM_PA_BITS_LSB = 0;
  localparam int unsigned REG_CAP_MEM_PA_BITS_WIDTH = 8;
  localparam int unsigned REG_CAP_MEM_VA_BITS_LSB = 8;
  localparam int unsigned REG_CAP_MEM_VA_BITS_WIDTH = 8;
  localparam int unsigned REG_CAP_MEM_VA_BITS_RESET = 39;
  localparam int unsigned REG_CAP_MEM_DATA_BITS_LSB = 16;
  localparam int unsigned REG_CAP_MEM_DATA_BITS_WIDTH = 16;

  // CAP_BUF (RO): Size of the operand memories, for performance models and co-
  // design sweeps (software needs it for nothing else: the device tiles every
  // job itself).
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_BUF = 12'h038;
  localparam int unsigned REG_CAP_BUF_DEPTH_LSB = 0;
  localparam int unsigned REG_CAP_BUF_DEPTH_WIDTH = 16;

  // CAP_LANE_ELEMS0 (RO): Elements per cycle of element formats 0 to 3 in one
  // dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS0 = 12'h0c0;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS0_F3_WIDTH = 8;

  // CAP_LANE_ELEMS1 (RO): Elements per cycle of element formats 4 to 7 in one
  // dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS1 = 12'h0c4;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS1_F3_WIDTH = 8;

  // CAP_LANE_ELEMS2 (RO): Elements per cycle of element formats 8 to 11 in one
  // dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS2 = 12'h0c8;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS2_F3_WIDTH = 8;

  // CAP_LANE_ELEMS3 (RO): Elements per cycle of element formats 12 to 15 in
  // one dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS3 = 12'h0cc;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS3_F3_WIDTH = 8;

  // CAP_LANE_ELEMS4 (RO): Elements per cycle of element formats 16 to 19 in
  // one dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS4 = 12'h0d0;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS4_F3_WIDTH = 8;

  // CAP_LANE_ELEMS5 (RO): Elements per cycle of element formats 20 to 23 in
  // one dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS5 = 12'h0d4;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS5_F3_WIDTH = 8;

  // CAP_LANE_ELEMS6 (RO): Elements per cycle of element formats 24 to 27 in
  // one dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS6 = 12'h0d8;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS6_F3_WIDTH = 8;

  // CAP_LANE_ELEMS7 (RO): Elements per cycle of element formats 28 to 31 in
  // one dot-product unit, a byte each; 0 for an unsupported format.
  localparam logic [REG_ADDR_BITS-1:0] REG_CAP_LANE_ELEMS7 = 12'h0dc;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F0_LSB = 0;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F0_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F1_LSB = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F1_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F2_LSB = 16;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F2_WIDTH = 8;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F3_LSB = 24;
  localparam int unsigned REG_CAP_LANE_ELEMS7_F3_WIDTH = 8;

  // CTRL (RW/W1S): Control.
  localparam logic [REG_ADDR_BITS-1:0] REG_CTRL = 12'h040;
  localparam logic [31:0] REG_CTRL_RESET = 32'h00000000;
  localparam int unsigned REG_CTRL_ENABLE_LSB = 0;
  localparam int unsigned REG_CTRL_ENABLE_WIDTH = 1;
  localparam int unsigned REG_CTRL_ABORT_LSB = 1;
  localparam int unsigned REG_CTRL_ABORT_WIDTH = 1;
  localparam int unsigned REG_CTRL_SOFT_RESET_LSB = 2;
  localparam int unsigned REG_CTRL_SOFT_RESET_WIDTH = 1;

  // STATUS (RO): State of the device.
  localparam logic [REG_ADDR_BITS-1:0] REG_STATUS = 12'h044;
  localparam logic [31:0] REG_STATUS_RESET = 32'h00000001;
  localparam int unsigned REG_STATUS_IDLE_LSB = 0;
  localparam int unsigned REG_STATUS_IDLE_WIDTH = 1;
  localparam int unsigned REG_STATUS_BUSY_LSB = 1;
  localparam int unsigned REG_STATUS_BUSY_WIDTH = 1;
  localparam int unsigned REG_STATUS_HALTED_LSB = 2;
  localparam int unsigned REG_STATUS_HALTED_WIDTH = 1;

  // HALT_CAUSE (RO): Why the device halted.
  localparam logic [REG_ADDR_BITS-1:0] REG_HALT_CAUSE = 12'h048;
  localparam logic [31:0] REG_HALT_CAUSE_RESET = 32'h00000000;
  localparam int unsigned REG_HALT_CAUSE_CODE_LSB = 0;
  localparam int unsigned REG_HALT_CAUSE_CODE_WIDTH = 8;

  // HALT_ADDR (RO): The address that goes with HALT_CAUSE (see enum HALT).
  localparam logic [REG_ADDR_BITS-1:0] REG_HALT_ADDR_LO = 12'h050;
  localparam logic [REG_ADDR_BITS-1:0] REG_HALT_ADDR_HI = 12'h054;
  localparam logic [63:0] REG_HALT_ADDR_RESET = 64'h0000000000000000;
  localparam int unsigned REG_HALT_ADDR_ADDR_LSB = 0;
  localparam int unsigned REG_HALT_ADDR_ADDR_WIDTH = 64;

  // INT_STATUS (W1C): Interrupt causes.
  localparam logic [REG_ADDR_BITS-1:0] REG_INT_STATUS = 12'h058;
  localparam logic [31:0] REG_INT_STATUS_RESET = 32'h00000000;
  localparam int unsigned REG_INT_STATUS_JOB_DONE_LSB = 0;
  localparam int unsigned REG_INT_STATUS_JOB_DONE_WIDTH = 1;
  localparam int unsigned REG_INT_STATUS_JOB_ERROR_LSB = 1;
  localparam int unsigned REG_INT_STATUS_JOB_ERROR_WIDTH = 1;
  localparam int unsigned REG_INT_STATUS_HALT_LSB = 2;
  localparam int unsigned REG_INT_STATUS_HALT_WIDTH = 1;

  // INT_ENABLE (RW): Which interrupt causes drive the interrupt line (1 =
  // enabled).
  localparam logic [REG_ADDR_BITS-1:0] REG_INT_ENABLE = 12'h05c;
  localparam logic [31:0] REG_INT_ENABLE_RESET = 32'h00000000;
  localparam int unsigned REG_INT_ENABLE_JOB_DONE_LSB = 0;
  localparam int unsigned REG_INT_ENABLE_JOB_DONE_WIDTH = 1;
  localparam int unsigned REG_INT_ENABLE_JOB_ERROR_LSB = 1;
  localparam int unsigned REG_INT_ENABLE_JOB_ERROR_WIDTH = 1;
  localparam int unsigned REG_INT_ENABLE_HALT_LSB = 2;
  localparam int unsigned REG_INT_ENABLE_HALT_WIDTH = 1;

  // RING_BASE (RW): Physical address of slot 0 of the command ring; slot s
  // holds a descriptor at RING_BASE + s x DESC_SIZE.
  localparam logic [REG_ADDR_BITS-1:0] REG_RING_BASE_LO = 12'h080;
  localparam logic [REG_ADDR_BITS-1:0] REG_RING_BASE_HI = 12'h084;
  localparam logic [63:0] REG_RING_BASE_RESET = 64'h0000000000000000;
  localparam int unsigned REG_RING_BASE_ADDR_LSB = 12;
  localparam int unsigned REG_RING_BASE_ADDR_WIDTH = 52;

  // RING_SIZE (RW): Number of ring slots.
  localparam logic [REG_ADDR_BITS-1:0] REG_RING_SIZE = 12'h088;
  localparam logic [31:0] REG_RING_SIZE_RESET = 32'h00000000;
  localparam int unsigned REG_RING_SIZE_LOG2_LSB = 0;
  localparam int unsigned REG_RING_SIZE_LOG2_WIDTH = 4;

  // RING_TAIL (RW): The doorbell.
  localparam logic [REG_ADDR_BITS-1:0] REG_RING_TAIL = 12'h08c;
  localparam logic [31:0] REG_RING_TAIL_RESET = 32'h00000000;
  localparam int unsigned REG_RING_TAIL_VALUE_LSB = 0;
  localparam int unsigned REG_RING_TAIL_VALUE_WIDTH = 32;

  // RING_HEAD (RO): A free-running count of the completion records the device
  // has written (mod 2^32): slots below it are free again.
  localparam logic [REG_ADDR_BITS-1:0] REG_RING_HEAD = 12'h090;
  localparam logic [31:0] REG_RING_HEAD_RESET = 32'h00000000;
  localparam int unsigned REG_RING_HEAD_VALUE_LSB = 0;
  localparam int unsigned REG_RING_HEAD_VALUE_WIDTH = 32;

  // CMPL_BASE (RW): Physical address of the completion area: the record of the
  // job in slot s is written at CMPL_BASE + s x CMPL_SIZE.
  localparam logic [REG_ADDR_BITS-1:0] REG_CMPL_BASE_LO = 12'h098;
  localparam logic [REG_ADDR_BITS-1:0] REG_CMPL_BASE_HI = 12'h09c;
  localparam logic [63:0] REG_CMPL_BASE_RESET = 64'h0000000000000000;
  localparam int unsigned REG_CMPL_BASE_ADDR_LSB = 12;
  localparam int unsigned REG_CMPL_BASE_ADDR_WIDTH = 52;

  // PERF_CYCLES (RO): Clock cycles since reset.
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_CYCLES_LO = 12'h100;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_CYCLES_HI = 12'h104;
  localparam logic [63:0] REG_PERF_CYCLES_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_CYCLES_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_CYCLES_COUNT_WIDTH = 64;

  // PERF_BUSY (RO): Cycles with STATUS.BUSY set.
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BUSY_LO = 12'h108;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BUSY_HI = 12'h10c;
  localparam logic [63:0] REG_PERF_BUSY_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_BUSY_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_BUSY_COUNT_WIDTH = 64;

  // PERF_DMA_STALL (RO): Cycles in which the array waited for operand data or
  // for room for its results (DMA-bound).
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_DMA_STALL_LO = 12'h110;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_DMA_STALL_HI = 12'h114;
  localparam logic [63:0] REG_PERF_DMA_STALL_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_DMA_STALL_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_DMA_STALL_COUNT_WIDTH = 64;

  // PERF_COMPUTE_STALL (RO): Cycles in which the operand DMA had a read to
  // issue but waited for a free operand-memory bank (compute-bound).
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_COMPUTE_STALL_LO = 12'h118;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_COMPUTE_STALL_HI = 12'h11c;
  localparam logic [63:0] REG_PERF_COMPUTE_STALL_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_COMPUTE_STALL_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_COMPUTE_STALL_COUNT_WIDTH = 64;

  // PERF_BYTES_READ (RO): Bytes read from memory: data beats received x
  // CAP_MEM.DATA_BITS / 8, descriptors and page-table entries included.
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BYTES_READ_LO = 12'h120;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BYTES_READ_HI = 12'h124;
  localparam logic [63:0] REG_PERF_BYTES_READ_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_BYTES_READ_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_BYTES_READ_COUNT_WIDTH = 64;

  // PERF_BYTES_WRITTEN (RO): Bytes written to memory: bytes with their write
  // strobe set, completion records included.
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BYTES_WRITTEN_LO = 12'h128;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_BYTES_WRITTEN_HI = 12'h12c;
  localparam logic [63:0] REG_PERF_BYTES_WRITTEN_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_BYTES_WRITTEN_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_BYTES_WRITTEN_COUNT_WIDTH = 64;

  // PERF_MACS (RO): Multiply-accumulates of real elements (a job of STATUS OK
  // adds M x N x K; padding at the matrix edges is not counted).
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_MACS_LO = 12'h130;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_MACS_HI = 12'h134;
  localparam logic [63:0] REG_PERF_MACS_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_MACS_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_MACS_COUNT_WIDTH = 64;

  // PERF_JOBS (RO): Completion records written, whatever their status.
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_JOBS_LO = 12'h138;
  localparam logic [REG_ADDR_BITS-1:0] REG_PERF_JOBS_HI = 12'h13c;
  localparam logic [63:0] REG_PERF_JOBS_RESET = 64'h0000000000000000;
  localparam int unsigned REG_PERF_JOBS_COUNT_LSB = 0;
  localparam int unsigned REG_PERF_JOBS_COUNT_WIDTH = 64;

  // TEST (RW): Test knobs.
  localparam logic [REG_ADDR_BITS-1:0] REG_TEST = 12'h180;
  localparam logic [31:0] REG_TEST_RESET = 32'h00000000;
  localparam int unsigned REG_TEST_STALL_LSB = 0;
  localparam int unsigned REG_TEST_STALL_WIDTH = 1;

  // DESC: Command descriptor: one per ring slot, written by software, read by
  // the device.
  localparam int unsigned DESC_BYTES = 128;
  localparam int unsigned DESC_OPCODE_LSB = 0;
  localparam int unsigned DESC_OPCODE_WIDTH = 16;
  localparam int unsigned DESC_FLAGS_LSB = 16;
  localparam int unsigned DESC_FLAGS_WIDTH = 16;
  localparam int unsigned DESC_FLAGS_HAS_C_LSB = 0;
  localparam int unsigned DESC_FLAGS_HAS_C_WIDTH = 1;
  localparam int unsigned DESC_RSVD0_LSB = 32;
  localparam int unsigned DESC_RSVD0_WIDTH = 32;
  localparam int unsigned DESC_SEQ_LSB = 64;
  localparam int unsigned DESC_SEQ_WIDTH = 64;
  localparam int unsigned DESC_PT_ROOT_LSB = 128;
  localparam int unsigned DESC_PT_ROOT_WIDTH = 64;
  localparam int unsigned DESC_M_LSB = 192;
  localparam int unsigned DESC_M_WIDTH = 32;
  localparam int unsigned DESC_N_LSB = 224;
  localparam int unsigned DESC_N_WIDTH = 32;
  localparam int unsigned DESC_K_LSB = 256;
  localparam int unsigned DESC_K_WIDTH = 32;
  localparam int unsigned DESC_A_FMT_LSB = 288;
  localparam int unsigned DESC_A_FMT_WIDTH = 8;
  localparam int unsigned DESC_B_FMT_LSB = 296;
  localparam int unsigned DESC_B_FMT_WIDTH = 8;
  localparam int unsigned DESC_SCALE_MODE_LSB = 304;
  localparam int unsigned DESC_SCALE_MODE_WIDTH = 8;
  localparam int unsigned DESC_ACC_MODE_LSB = 312;
  localparam int unsigned DESC_ACC_MODE_WIDTH = 8;
  localparam int unsigned DESC_OUT_FMT_LSB = 320;
  localparam int unsigned DESC_OUT_FMT_WIDTH = 8;
  localparam int unsigned DESC_TRUNC_W_LSB = 328;
  localparam int unsigned DESC_TRUNC_W_WIDTH = 8;
  localparam int unsigned DESC_BLOCK_LSB = 336;
  localparam int unsigned DESC_BLOCK_WIDTH = 8;
  localparam int unsigned DESC_RSVD1_LSB = 344;
  localparam int unsigned DESC_RSVD1_WIDTH = 8;
  localparam int unsigned DESC_TRUNC_N_LSB = 352;
  localparam int unsigned DESC_TRUNC_N_WIDTH = 32;
  localparam int unsigned DESC_A_TSCALE_LSB = 384;
  localparam int unsigned DESC_A_TSCALE_WIDTH = 32;
  localparam int unsigned DESC_B_TSCALE_LSB = 416;
  localparam int unsigned DESC_B_TSCALE_WIDTH = 32;
  localparam int unsigned DESC_A_ADDR_LSB = 448;
  localparam int unsigned DESC_A_ADDR_WIDTH = 64;
  localparam int unsigned DESC_B_ADDR_LSB = 512;
  localparam int unsigned DESC_B_ADDR_WIDTH = 64;
  localparam int unsigned DESC_SA_ADDR_LSB = 576;
  localparam int unsigned DESC_SA_ADDR_WIDTH = 64;
  localparam int unsigned DESC_SB_ADDR_LSB = 640;
  localparam int unsigned DESC_SB_ADDR_WIDTH = 64;
  localparam int unsigned DESC_C_ADDR_LSB = 704;
  localparam int unsigned DESC_C_ADDR_WIDTH = 64;
  localparam int unsigned DESC_D_ADDR_LSB = 768;
  localparam int unsigned DESC_D_ADDR_WIDTH = 64;
  localparam int unsigned DESC_A_STRIDE_LSB = 832;
  localparam int unsigned DESC_A_STRIDE_WIDTH = 32;
  localparam int unsigned DESC_B_STRIDE_LSB = 864;
  localparam int unsigned DESC_B_STRIDE_WIDTH = 32;
  localparam int unsigned DESC_SA_STRIDE_LSB = 896;
  localparam int unsigned DESC_SA_STRIDE_WIDTH = 32;
  localparam int unsigned DESC_SB_STRIDE_LSB = 928;
  localparam int unsigned DESC_SB_STRIDE_WIDTH = 32;
  localparam int unsigned DESC_C_STRIDE_LSB = 960;
  localparam int unsigned DESC_C_STRIDE_WIDTH = 32;
  localparam int unsigned DESC_D_STRIDE_LSB = 992;
  localparam int unsigned DESC_D_STRIDE_WIDTH = 32;
  typedef struct packed {
    logic [31:0] d_stride;
    logic [31:0] c_stride;
    logic [31:0] sb_stride;
    logic [31:0] sa_stride;
    logic [31:0] b_stride;
    logic [31:0] a_stride;
    logic [63:0] d_addr;
    logic [63:0] c_addr;
    logic [63:0] sb_addr;
    logic [63:0] sa_addr;
    logic [63:0] b_addr;
    logic [63:0] a_addr;
    logic [31:0] b_tscale;
    logic [31:0] a_tscale;
    logic [31:0] trunc_n;
    logic [7:0] rsvd1;
    logic [7:0] block;
    logic [7:0] trunc_w;
    logic [7:0] out_fmt;
    logic [7:0] acc_mode;
    logic [7:0] scale_mode;
    logic [7:0] b_fmt;
    logic [7:0] a_fmt;
    logic [31:0] k;
    logic [31:0] n;
    logic [31:0] m;
    logic [63:0] pt_root;
    logic [63:0] seq;
    logic [31:0] rsvd0;
    logic [15:0] flags;
    logic [15:0] opcode;
  } desc_t;

  // Byte offsets of the DESC fields (the DETAIL of BAD_DESC).
  typedef enum logic [15:0] {
    DESC_FIELD_OPCODE = 16'h0000,
    DESC_FIELD_FLAGS = 16'h0002,
    DESC_FIELD_RSVD0 = 16'h0004,
    DESC_FIELD_SEQ = 16'h0008,
    DESC_FIELD_PT_ROOT = 16'h0010,
    DESC_FIELD_M = 16'h0018,
    DESC_FIELD_N = 16'h001c,
    DESC_FIELD_K = 16'h0020,
    DESC_FIELD_A_FMT = 16'h0024,
    DESC_FIELD_B_FMT = 16'h0025,
    DESC_FIELD_SCALE_MODE = 16'h0026,
    DESC_FIELD_ACC_MODE = 16'h0027,
    DESC_FIELD_OUT_FMT = 16'h0028,
    DESC_FIELD_TRUNC_W = 16'h0029,
    DESC_FIELD_BLOCK = 16'h002a,
    DESC_FIELD_RSVD1 = 16'h002b,
    DESC_FIELD_TRUNC_N = 16'h002c,
    DESC_FIELD_A_TSCALE = 16'h0030,
    DESC_FIELD_B_TSCALE = 16'h0034,
    DESC_FIELD_A_ADDR = 16'h0038,
    DESC_FIELD_B_ADDR = 16'h0040,
    DESC_FIELD_SA_ADDR = 16'h0048,
    DESC_FIELD_SB_ADDR = 16'h0050,
    DESC_FIELD_C_ADDR = 16'h0058,
    DESC_FIELD_D_ADDR = 16'h0060,
    DESC_FIELD_A_STRIDE = 16'h0068,
    DESC_FIELD_B_STRIDE = 16'h006c,
    DESC_FIELD_SA_STRIDE = 16'h0070,
    DESC_FIELD_SB_STRIDE = 16'h0074,
    DESC_FIELD_C_STRIDE = 16'h0078,
    DESC_FIELD_D_STRIDE = 16'h007c
  } desc_field_e;

  // CMPL: Completion record: one per ring slot, written by the device when the
  // job of that slot ends, before the interrupt.
  localparam int unsigned CMPL_BYTES = 64;
  localparam int unsigned CMPL_SEQ_LSB = 0;
  localparam int unsigned CMPL_SEQ_WIDTH = 64;
  localparam int unsigned CMPL_STATUS_LSB = 64;
  localparam int unsigned CMPL_STATUS_WIDTH = 16;
  localparam int unsigned CMPL_DETAIL_LSB = 80;
  localparam int unsigned CMPL_DETAIL_WIDTH = 16;
  localparam int unsigned CMPL_RSVD0_LSB = 96;
  localparam int unsigned CMPL_RSVD0_WIDTH = 32;
  localparam int unsigned CMPL_FAULT_ADDR_LSB = 128;
  localparam int unsigned CMPL_FAULT_ADDR_WIDTH = 64;
  localparam int unsigned CMPL_CYCLES_LSB = 192;
  localparam int unsigned CMPL_CYCLES_WIDTH = 64;
  localparam int unsigned CMPL_BYTES_READ_LSB = 256;
  localparam int unsigned CMPL_BYTES_READ_WIDTH = 64;
  localparam int unsigned CMPL_BYTES_WRITTEN_LSB = 320;
  localparam int unsigned CMPL_BYTES_WRITTEN_WIDTH = 64;
  localparam int unsigned CMPL_MACS_LSB = 384;
  localparam int unsigned CMPL_MACS_WIDTH = 64;
  localparam int unsigned CMPL_DMA_STALL_LSB = 448;
  localparam int unsigned CMPL_DMA_STALL_WIDTH = 32;
  localparam int unsigned CMPL_COMPUTE_STALL_LSB = 480;
  localparam int unsigned CMPL_COMPUTE_STALL_WIDTH = 32;
  typedef struct packed {
    logic [31:0] compute_stall;
    logic [31:0] dma_stall;
    logic [63:0] macs;
    logic [63:0] bytes_written;
    logic [63:0] bytes_read;
    logic [63:0] cycles;
    logic [63:0] fault_addr;
    logic [31:0] rsvd0;
    logic [15:0] detail;
    logic [15:0] status;
    logic [63:0] seq;
  } cmpl_t;

  // Page-table entry.
  localparam int unsigned PTE_BYTES = 8;
  localparam int unsigned PTE_V_LSB = 0;
  localparam int unsigned PTE_V_WIDTH = 1;
  localparam int unsigned PTE_LEAF_LSB = 1;
  localparam int unsigned PTE_LEAF_WIDTH = 1;
  localparam int unsigned PTE_W_LSB = 2;
  localparam int unsigned PTE_W_WIDTH = 1;
  localparam int unsigned PTE_ADDR_LSB = 12;
  localparam int unsigned PTE_ADDR_WIDTH = 40;
  typedef struct packed {
    logic [11:0] rsvd_63_52;
    logic [39:0] addr;
    logic [8:0] rsvd_11_3;
    logic w;
    logic leaf;
    logic v;
  } pte_t;

  /* verilator lint_on UNUSEDPARAM */

endpackage
