// SPDX-License-Identifier: MIT
// mxa_top.sv - the mxa accelerator: the shell (registers, command ring,
// MMU, DMA; docs/rtl-shell.md) and the compute engine (docs/rtl-engine.md)
// on its engine port. Its ports are the device's: clock, reset, interrupt,
// the AXI4-Lite register slave and the AXI4 memory master.
//
// Three configurations are built and tested (docs/rtl-engine.md 6):
//   default  Rows 8, Cols 2, LaneBits 64, DataBits 256, BufDepth 512
//            (16 units; 128 FP8 or 256 FP4 products a cycle; K <= 4096)
//   minimal  Rows 2, Cols 1, LaneBits 32, DataBits 64, BufDepth 64,
//            TruncMode 0 (2 units; K <= 256)
//   subset   the minimal one with a few of the element formats
// Both of the first have every element format (Formats defaults to all of
// them); sim/top.mk gives a configuration's formats as a list of names.
module mxa_top #(
  parameter int unsigned Rows      = 8,
  parameter int unsigned Cols      = 2,
  parameter int unsigned LaneBits  = 64,
  parameter int unsigned DataBits  = 256,
  parameter int unsigned BufDepth  = 512,
  parameter logic [mxa_dpu_pkg::num_elem_fmts()-1:0] Formats = mxa_dpu_pkg::all_fmts(),
  parameter bit          TruncMode = 1'b1,
  parameter bit          ExactMode = 1'b1,
  parameter bit          Sim       = 1'b0,  // CAP_FLAGS.SIM, TEST register
  parameter int unsigned PaBits    = 40,
  localparam int unsigned DataBytes = DataBits / 8,
  localparam int unsigned RegBits = mxa_hw_pkg::REG_ADDR_BITS
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  output logic                   irq_o,

  input  logic [RegBits-1:0]     s_axil_awaddr_i,
  input  logic                   s_axil_awvalid_i,
  output logic                   s_axil_awready_o,
  input  logic [31:0]            s_axil_wdata_i,
  input  logic                   s_axil_wvalid_i,
  output logic                   s_axil_wready_o,
  output logic [1:0]             s_axil_bresp_o,
  output logic                   s_axil_bvalid_o,
  input  logic                   s_axil_bready_i,
  input  logic [RegBits-1:0]     s_axil_araddr_i,
  input  logic                   s_axil_arvalid_i,
  output logic                   s_axil_arready_o,
  output logic [31:0]            s_axil_rdata_o,
  output logic [1:0]             s_axil_rresp_o,
  output logic                   s_axil_rvalid_o,
  input  logic                   s_axil_rready_i,

  output logic [0:0]             m_axi_arid_o,
  output logic [PaBits-1:0]      m_axi_araddr_o,
  output logic [7:0]             m_axi_arlen_o,
  output logic [2:0]             m_axi_arsize_o,
  output logic [1:0]             m_axi_arburst_o,
  output logic                   m_axi_arvalid_o,
  input  logic                   m_axi_arready_i,
  input  logic [0:0]             m_axi_rid_i,
  input  logic [DataBits-1:0]    m_axi_rdata_i,
  input  logic [1:0]             m_axi_rresp_i,
  input  logic                   m_axi_rlast_i,
  input  logic                   m_axi_rvalid_i,
  output logic                   m_axi_rready_o,
  output logic [PaBits-1:0]      m_axi_awaddr_o,
  output logic [7:0]             m_axi_awlen_o,
  output logic [2:0]             m_axi_awsize_o,
  output logic [1:0]             m_axi_awburst_o,
  output logic                   m_axi_awvalid_o,
  input  logic                   m_axi_awready_i,
  output logic [DataBits-1:0]    m_axi_wdata_o,
  output logic [DataBytes-1:0]   m_axi_wstrb_o,
  output logic                   m_axi_wlast_o,
  output logic                   m_axi_wvalid_o,
  input  logic                   m_axi_wready_i,
  input  logic [1:0]             m_axi_bresp_i,
  input  logic                   m_axi_bvalid_i,
  output logic                   m_axi_bready_o
);

  logic                    eng_rst_n, eng_flush;
  mxa_shell_pkg::caps_t    caps;
  logic                    job_valid, job_ready, done_valid, done_ready;
  mxa_hw_pkg::desc_t       job;
  mxa_shell_pkg::job_end_t done;
  logic [63:0]             macs;
  logic                    dma_stall, compute_stall;
  logic                    rd_req_valid, rd_req_ready, rd_valid, rd_ready, rd_last;
  mxa_shell_pkg::mem_req_t rd_req, wr_req;
  logic [DataBits-1:0]     rd_data, wr_data;
  logic                    wr_req_valid, wr_req_ready, wr_valid, wr_ready, wr_done;
  logic [DataBytes-1:0]    wr_strb;

  mxa_shell #(
    .DataBits (DataBits),
    .PaBits   (PaBits),
    .Sim      (Sim)
  ) u_shell (
    .clk_i,
    .rst_ni,
    .irq_o,
    .s_axil_awaddr_i,
    .s_axil_awvalid_i,
    .s_axil_awready_o,
    .s_axil_wdata_i,
    .s_axil_wvalid_i,
    .s_axil_wready_o,
    .s_axil_bresp_o,
    .s_axil_bvalid_o,
    .s_axil_bready_i,
    .s_axil_araddr_i,
    .s_axil_arvalid_i,
    .s_axil_arready_o,
    .s_axil_rdata_o,
    .s_axil_rresp_o,
    .s_axil_rvalid_o,
    .s_axil_rready_i,
    .m_axi_arid_o,
    .m_axi_araddr_o,
    .m_axi_arlen_o,
    .m_axi_arsize_o,
    .m_axi_arburst_o,
    .m_axi_arvalid_o,
    .m_axi_arready_i,
    .m_axi_rid_i,
    .m_axi_rdata_i,
    .m_axi_rresp_i,
    .m_axi_rlast_i,
    .m_axi_rvalid_i,
    .m_axi_rready_o,
    .m_axi_awaddr_o,
    .m_axi_awlen_o,
    .m_axi_awsize_o,
    .m_axi_awburst_o,
    .m_axi_awvalid_o,
    .m_axi_awready_i,
    .m_axi_wdata_o,
    .m_axi_wstrb_o,
    .m_axi_wlast_o,
    .m_axi_wvalid_o,
    .m_axi_wready_i,
    .m_axi_bresp_i,
    .m_axi_bvalid_i,
    .m_axi_bready_o,
    .eng_rst_no          (eng_rst_n),
    .eng_flush_o         (eng_flush),
    .eng_caps_i          (caps),
    .eng_job_valid_o     (job_valid),
    .eng_job_ready_i     (job_ready),
    .eng_job_o           (job),
    .eng_done_valid_i    (done_valid),
    .eng_done_ready_o    (done_ready),
    .eng_done_i          (done),
    .eng_macs_i          (macs),
    .eng_dma_stall_i     (dma_stall),
    .eng_compute_stall_i (compute_stall),
    .eng_rd_req_valid_i  (rd_req_valid),
    .eng_rd_req_ready_o  (rd_req_ready),
    .eng_rd_req_i        (rd_req),
    .eng_rd_valid_o      (rd_valid),
    .eng_rd_ready_i      (rd_ready),
    .eng_rd_data_o       (rd_data),
    .eng_rd_last_o       (rd_last),
    .eng_wr_req_valid_i  (wr_req_valid),
    .eng_wr_req_ready_o  (wr_req_ready),
    .eng_wr_req_i        (wr_req),
    .eng_wr_valid_i      (wr_valid),
    .eng_wr_ready_o      (wr_ready),
    .eng_wr_data_i       (wr_data),
    .eng_wr_strb_i       (wr_strb),
    .eng_wr_done_o       (wr_done)
  );

  mxa_engine #(
    .Rows      (Rows),
    .Cols      (Cols),
    .LaneBits  (LaneBits),
    .DataBits  (DataBits),
    .BufDepth  (BufDepth),
    .Formats   (Formats),
    .TruncMode (TruncMode),
    .ExactMode (ExactMode)
  ) u_engine (
    .clk_i,
    .rst_ni          (eng_rst_n),
    .flush_i         (eng_flush),
    .caps_o          (caps),
    .job_valid_i     (job_valid),
    .job_ready_o     (job_ready),
    .job_i           (job),
    .done_valid_o    (done_valid),
    .done_ready_i    (done_ready),
    .done_o          (done),
    .macs_o          (macs),
    .dma_stall_o     (dma_stall),
    .compute_stall_o (compute_stall),
    .rd_req_valid_o  (rd_req_valid),
    .rd_req_ready_i  (rd_req_ready),
    .rd_req_o        (rd_req),
    .rd_valid_i      (rd_valid),
    .rd_ready_o      (rd_ready),
    .rd_data_i       (rd_data),
    .rd_last_i       (rd_last),
    .wr_req_valid_o  (wr_req_valid),
    .wr_req_ready_i  (wr_req_ready),
    .wr_req_o        (wr_req),
    .wr_valid_o      (wr_valid),
    .wr_ready_i      (wr_ready),
    .wr_data_o       (wr_data),
    .wr_strb_o       (wr_strb),
    .wr_done_i       (wr_done)
  );

endmodule
