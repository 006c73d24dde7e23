// SPDX-License-Identifier: MIT
// mxa_fifo.sv - a synchronous first-in first-out queue: the head is readable
// in the cycle after its push, a full queue can take a push in the cycle it
// is popped, and a synchronous clear empties it.
module mxa_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4,   // a power of two, at least 2
  localparam int unsigned PtrBits = $clog2(Depth)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               clr_i,
  input  logic               push_i,
  input  logic [Width-1:0]   data_i,
  input  logic               pop_i,
  output logic [Width-1:0]   data_o,
  output logic               empty_o,
  output logic               full_o,
  output logic [PtrBits:0]   count_o
);

  if (Depth < 2 || (1 << PtrBits) != Depth) begin : g_check
    $error("mxa_fifo: Depth must be a power of two, at least 2");
  end

  logic [Width-1:0]   mem_q [0:Depth-1];
  logic [PtrBits:0]   wr_q, rd_q;
  logic               do_push, do_pop;

  assign count_o = wr_q - rd_q;
  assign empty_o = wr_q == rd_q;
  assign full_o  = count_o[PtrBits];
  assign do_pop  = pop_i & ~empty_o;
  assign do_push = push_i & (~full_o | do_pop);
  assign data_o  = mem_q[rd_q[PtrBits-1:0]];

  always_ff @(posedge clk_i) begin
    if (do_push) begin
      mem_q[wr_q[PtrBits-1:0]] <= data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q <= '0;
      rd_q <= '0;
    end else if (clr_i) begin
      wr_q <= '0;
      rd_q <= '0;
    end else begin
      if (do_push) wr_q <= wr_q + 1'b1;
      if (do_pop)  rd_q <= rd_q + 1'b1;
    end
  end

endmodule
