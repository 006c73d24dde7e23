// SPDX-License-Identifier: MIT
// mxa_dpu_fifo.sv - the small queue between the lanes and the sum stage of
// the dot-product unit: any depth from 1, entries in flip-flops, the head
// readable in the cycle after its push, and a full queue taking a push in a
// cycle that pops it. The caller pushes only when push_ok_o says so.
// Each entry has its own write enable and the head is a plain mux of the
// entries: a variable-index part-select would make the synthesizer build a
// shifter across all of them.
module mxa_dpu_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4,
  localparam int unsigned PtrBits = Depth > 1 ? $clog2(Depth) : 1,
  localparam int unsigned CntBits = $clog2(Depth + 1)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                push_i,
  input  logic [Width-1:0]    data_i,
  input  logic                pop_i,    // only when !empty_o
  output logic [Width-1:0]    data_o,
  output logic                empty_o,
  output logic                push_ok_o
);

  logic [Depth*Width-1:0] mem_q;
  logic [PtrBits-1:0]     wr_q, rd_q, wr_next, rd_next;
  logic [CntBits-1:0]     cnt_q;

  function automatic logic [PtrBits-1:0] next_ptr(input logic [PtrBits-1:0] p);
    next_ptr = p == PtrBits'(Depth - 1) ? '0 : p + PtrBits'(1);
  endfunction

  assign wr_next   = next_ptr(wr_q);
  assign rd_next   = next_ptr(rd_q);
  assign empty_o   = cnt_q == '0;
  assign push_ok_o = cnt_q != CntBits'(Depth) || pop_i;

  always_comb begin
    data_o = mem_q[0 +: Width];
    for (int unsigned e = 1; e < Depth; e++) begin
      if (rd_q == PtrBits'(e)) data_o = mem_q[e*Width +: Width];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q  <= '0;
      rd_q  <= '0;
      cnt_q <= '0;
    end else begin
      if (push_i) wr_q <= wr_next;
      if (pop_i)  rd_q <= rd_next;
      cnt_q <= cnt_q + CntBits'(push_i) - CntBits'(pop_i);
    end
  end

  // Data needs no reset: nothing reads an entry before it is written.
  for (genvar e = 0; e < Depth; e++) begin : g_entry
    always_ff @(posedge clk_i) begin
      if (push_i && wr_q == PtrBits'(e)) mem_q[e*Width +: Width] <= data_i;
    end
  end

endmodule
