// SPDX-License-Identifier: MIT
// mxa_eng_mem.sv - one simple dual-port memory of the engine's operand
// buffers: a write port and a read port with a registered output (the data
// of the address given in one cycle comes in the next), the shape FPGA
// block RAM has. A read of the address written in the same cycle returns
// the old word; the engine never does that.
module mxa_eng_mem #(
  parameter int unsigned Width = 64,
  parameter int unsigned Depth = 64,
  localparam int unsigned AddrBits = $clog2(Depth)
) (
  input  logic                 clk_i,
  input  logic                 we_i,
  input  logic [AddrBits-1:0]  waddr_i,
  input  logic [Width-1:0]     wdata_i,
  input  logic [AddrBits-1:0]  raddr_i,
  output logic [Width-1:0]     rdata_o
);

  logic [Width-1:0] mem_q [0:Depth-1];

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
    rdata_o <= mem_q[raddr_i];
  end

endmodule
