// SPDX-License-Identifier: MIT
// mxa_axil_slave.sv - the AXI4-Lite slave of the register window: turns each
// write into a one-cycle write strobe and each read into a one-cycle read
// strobe whose data the register file returns in the same cycle.
//
// It runs on the external reset only: CTRL.SOFT_RESET resets the registers
// behind it, never a bus transaction in progress.
module mxa_axil_slave #(
  localparam int unsigned AddrBits = mxa_hw_pkg::REG_ADDR_BITS
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  input  logic [AddrBits-1:0] s_axil_awaddr_i,
  input  logic                s_axil_awvalid_i,
  output logic                s_axil_awready_o,
  input  logic [31:0]         s_axil_wdata_i,
  input  logic                s_axil_wvalid_i,
  output logic                s_axil_wready_o,
  output logic [1:0]          s_axil_bresp_o,
  output logic                s_axil_bvalid_o,
  input  logic                s_axil_bready_i,
  input  logic [AddrBits-1:0] s_axil_araddr_i,
  input  logic                s_axil_arvalid_i,
  output logic                s_axil_arready_o,
  output logic [31:0]         s_axil_rdata_o,
  output logic [1:0]          s_axil_rresp_o,
  output logic                s_axil_rvalid_o,
  input  logic                s_axil_rready_i,

  output logic                we_o,
  output logic [AddrBits-1:0] waddr_o,
  output logic [31:0]         wdata_o,
  output logic                re_o,
  output logic [AddrBits-1:0] raddr_o,
  input  logic [31:0]         rdata_i
);

  logic        bvalid_q, rvalid_q;
  logic [31:0] rdata_q;
  logic        wr_go, rd_go;

  // A write needs its address and its data; the response slot must be free.
  assign wr_go = s_axil_awvalid_i & s_axil_wvalid_i & ~bvalid_q;
  assign rd_go = s_axil_arvalid_i & (~rvalid_q | s_axil_rready_i);

  assign s_axil_awready_o = wr_go;
  assign s_axil_wready_o  = wr_go;
  assign s_axil_bvalid_o  = bvalid_q;
  assign s_axil_bresp_o   = 2'b00;
  assign s_axil_arready_o = rd_go;
  assign s_axil_rvalid_o  = rvalid_q;
  assign s_axil_rdata_o   = rdata_q;
  assign s_axil_rresp_o   = 2'b00;

  // Only aligned 32-bit accesses exist: the two low address bits are dropped.
  assign we_o    = wr_go;
  assign waddr_o = {s_axil_awaddr_i[AddrBits-1:2], 2'b00};
  assign wdata_o = s_axil_wdata_i;
  assign re_o    = rd_go;
  assign raddr_o = {s_axil_araddr_i[AddrBits-1:2], 2'b00};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bvalid_q <= 1'b0;
      rvalid_q <= 1'b0;
      rdata_q  <= '0;
    end else begin
      if (wr_go) begin
        bvalid_q <= 1'b1;
      end else if (s_axil_bready_i) begin
        bvalid_q <= 1'b0;
      end
      if (rd_go) begin
        rvalid_q <= 1'b1;
        rdata_q  <= rdata_i;
      end else if (s_axil_rready_i) begin
        rvalid_q <= 1'b0;
      end
    end
  end

endmodule
